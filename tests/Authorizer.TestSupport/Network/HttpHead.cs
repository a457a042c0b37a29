using System.Globalization;
using System.Text;

namespace Authorizer.TestSupport.Network;

/// <summary>Just enough HTTP/1.1 request framing for the loopback test servers: where the head ends and the body's length.</summary>
internal static class HttpHead
{
    /// <summary>The index of the blank line ending the head in <paramref name="data"/>, or -1 when it has not arrived.</summary>
    public static int IndexOfEnd(List<byte> data)
    {
        for (var i = 0; i + 3 < data.Count; i++)
        {
            if (data[i] == '\r' && data[i + 1] == '\n' && data[i + 2] == '\r' && data[i + 3] == '\n')
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The Content-Length of the head that ends at <paramref name="headEnd"/>, 0 without one.</summary>
    public static int ContentLength(List<byte> data, int headEnd)
    {
        var head = Encoding.ASCII.GetString(data.GetRange(0, headEnd).ToArray());
        foreach (var line in head.Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                return int.Parse(line["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}
