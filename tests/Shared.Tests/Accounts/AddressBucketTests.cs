using System.Net;
using SsoSuite.Shared.Accounts;

namespace SsoSuite.Shared.Tests.Accounts;

/// <summary>SPEC rule 13: per-address sign-in limits count an IPv6 client's whole /64, which it can roam at will.</summary>
public sealed class AddressBucketTests
{
    [Theory]
    [InlineData("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:3::1", "2001:db8:1:3::/64")]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("203.0.113.8", "203.0.113.8")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    public void Rule13_AddressesOfOneIpv6Slash64ShareOneBucket_Ipv4AddressesCountAlone(string address, string bucket) =>
        Assert.Equal(bucket, AddressBucket.Of(IPAddress.Parse(address)));
}
