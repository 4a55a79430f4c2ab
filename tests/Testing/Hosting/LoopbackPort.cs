using System.Net;
using System.Net.Sockets;

namespace SsoSuite.Testing.Hosting;

/// <summary>Loopback ports for apps the tests start on Kestrel or as processes (never the usual 5100/5200).</summary>
public static class LoopbackPort
{
    /// <summary>A port nothing listens on now: the system's pick for a listener that is closed again at once.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
