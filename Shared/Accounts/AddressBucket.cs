using System.Net;
using System.Net.Sockets;

namespace SsoSuite.Shared.Accounts;

/// <summary>The client network a per-address rate limit counts a request against.</summary>
public static class AddressBucket
{
    /// <summary>
    /// An IPv4 address counts alone. An IPv6 client is usually given a whole /64 (RFC 4291 §2.5.1: the low
    /// 64 bits are the interface identifier, which privacy extensions, RFC 8981, change at will), so one
    /// client could otherwise take a fresh limit per address: IPv6 addresses count by their /64. An
    /// IPv4-mapped IPv6 address (a dual-stack socket) counts as its IPv4 address.
    /// </summary>
    public static string Of(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
