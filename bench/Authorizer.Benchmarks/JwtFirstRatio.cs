using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Authorizer.Benchmarks;

/// <summary>
/// First-verification ratios that survive a shared machine: the floor, ours (memory of verified tokens off) and
/// Microsoft.IdentityModel are timed in short batches taken in turn, round after round, and each round gives a ratio
/// of batches that ran a few milliseconds apart. Each batch is timed in the CPU time of the benchmark thread
/// (<c>CLOCK_THREAD_CPUTIME_ID</c>, Linux), so time spent preempted by other processes does not count; load that
/// drifts over seconds moves all three alike and cancels. The median over the rounds is printed with its quartiles. <see cref="JwtBenchmarks"/> stays the measurement with
/// statistics and allocations; this is the check on its ratio column when the machine is busy.
/// A forged token (signature altered) through ours is timed too: the same path up to the signature check, without the
/// payload parse and claim checks, so the two rows of ours split the cost above the floor in two.
/// Prints <c>{ "&lt;alg&gt;": { "oursToFloor": [q1, median, q3], "microsoftToFloor": [...], "oursForgedToFloor": [...], "floorNsPerOp": median } }</c>.
/// </summary>
internal static class JwtFirstRatio
{
    private const int Batch = 128;

    public static async Task<int> RunAsync(int rounds)
    {
        using var world = JwtWorld.Load();
        var json = new StringBuilder("{");
        foreach (var (alg, (_, distinct)) in world.Tokens)
        {
            var next = 0;
            string Next() => distinct[next++ & (64 - 1)];
            double Floor() => Time(() => world.Floor(alg, Next()));
            double Ours() => Time(() => world.OursFirst(Next()));
            double Microsoft() => Time(() => world.MicrosoftAsync(Next()).GetAwaiter().GetResult());
            var forged = distinct.Select(JwtWorld.Tamper).ToArray();
            double Forged() => Time(() => !world.OursFirst(forged[next++ & (64 - 1)]));

            var warmup = Stopwatch.StartNew();
            while (warmup.ElapsedMilliseconds < 1500)
            {
                Floor();
                Ours();
                Microsoft();
                Forged();
            }

            var ours = new double[rounds];
            var microsoft = new double[rounds];
            var floors = new double[rounds];
            var refused = new double[rounds];
            for (var i = 0; i < rounds; i++)
            {
                // The floor brackets each round; the two sides swap places every round so neither always follows the floor.
                var before = Floor();
                double o, m;
                if (i % 2 == 0)
                {
                    o = Ours();
                    m = Microsoft();
                }
                else
                {
                    m = Microsoft();
                    o = Ours();
                }

                var f = Forged();
                var floor = (before + Floor()) / 2;
                ours[i] = o / floor;
                microsoft[i] = m / floor;
                floors[i] = floor / Batch;
                refused[i] = f / floor;
            }

            json.Append(CultureInfo.InvariantCulture, $"\"{alg}\":{{\"oursToFloor\":{Quartiles(ours)},\"microsoftToFloor\":{Quartiles(microsoft)},\"oursForgedToFloor\":{Quartiles(refused)},\"floorNsPerOp\":{Median(floors):F0},\"rounds\":{rounds}}},");
        }

        json.Length--;
        json.Append('}');
        Console.WriteLine(json.ToString());
        await Task.CompletedTask;
        return 0;
    }

    private static double Time(Func<bool> verify)
    {
        var ok = 0;
        var started = ThreadCpuNanoseconds();
        for (var i = 0; i < Batch; i++)
        {
            ok += verify() ? 1 : 0;
        }

        var elapsed = ThreadCpuNanoseconds() - started;
        return ok == Batch ? elapsed : throw new InvalidOperationException("A token failed verification during timing.");
    }

    private static double ThreadCpuNanoseconds()
    {
        const int ClockThreadCpuTimeId = 3;
        return clock_gettime(ClockThreadCpuTimeId, out var now) == 0
            ? (now.Seconds * 1e9) + now.Nanoseconds
            : throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed; this harness runs on Linux.");
    }

#pragma warning disable SYSLIB1054 // One libc call in a benchmark harness; DllImport needs no unsafe code.
    [DllImport("libc", SetLastError = false)]
    private static extern int clock_gettime(int clock, out Timespec time);
#pragma warning restore SYSLIB1054

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    private static string Quartiles(double[] values)
    {
        var sorted = values.Order().ToArray();
        return string.Create(CultureInfo.InvariantCulture, $"[{sorted[sorted.Length / 4]:F3},{Median(values):F3},{sorted[sorted.Length * 3 / 4]:F3}]");
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
