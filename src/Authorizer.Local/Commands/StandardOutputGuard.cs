using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Authorizer.Local.Commands;

/// <summary>
/// For <c>invoke</c>: the functions log JSON lines straight to the process's standard output stream, as Lambda
/// wants; the runner's stdout must carry only the response. On Unix this moves file descriptor 1 onto stderr
/// and hands back a writer on the original stdout.
/// </summary>
internal static class StandardOutputGuard
{
    public static TextWriter? DivertFunctionOutput()
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        var saved = Dup(1);
        if (saved < 0 || Dup2(2, 1) < 0)
        {
            return null;
        }

        var stream = new FileStream(new SafeFileHandle(saved, ownsHandle: true), FileAccess.Write);
        return new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true };
    }

    [DllImport("libc", EntryPoint = "dup", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
#pragma warning disable SYSLIB1054 // LibraryImport needs unsafe code enabled for the project; two int calls do not justify it.
    private static extern int Dup(int fd);

    [DllImport("libc", EntryPoint = "dup2", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Dup2(int oldFd, int newFd);
#pragma warning restore SYSLIB1054
}
