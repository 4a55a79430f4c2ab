using System.Net;
using System.Net.Sockets;

namespace SsoSuite.Testing.Hosting;

/// <summary>Loopback ports for apps the tests start on Kestrel or as processes (never the usual 5100/5200).</summary>
public static class LoopbackPort
{
    // Below Linux's default range for the local ports of outgoing connections (32768–60999). A port the system picked
    // from that range is free when picked, but the test projects run side by side, and an outgoing connection of
    // another (to PostgreSQL, between apps) could take it before the app that was given it binds it.
    private const int First = 20000;
    private const int End = 32000;

    /// <summary>A port nothing listens on now, outside the range outgoing connections take theirs from.</summary>
    public static int Free()
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var port = Random.Shared.Next(First, End);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // In use: try another.
            }
        }
        throw new InvalidOperationException($"No free loopback port between {First} and {End} after 100 tries.");
    }
}
