using Microsoft.Extensions.Time.Testing;
using SsoSuite.Shared.Mfa;

namespace SsoSuite.Shared.Tests;

/// <summary>SPEC rule 1: RFC 6238, SHA-1, 30 s, 6 digits, ±1 step of drift, each code accepted once.</summary>
public sealed class TotpCodesTests
{
    // RFC 6238 Appendix B: the SHA-1 test secret "12345678901234567890" at T = 59 s gives 94287082 (8 digits).
    private static readonly byte[] RfcSecret = "12345678901234567890"u8.ToArray();

    [Fact]
    public void Rule1_MatchesTheRfc6238TestVector()
    {
        var at = DateTimeOffset.FromUnixTimeSeconds(59);

        Assert.Equal("287082", TotpCodes.CodeAt(RfcSecret, at));
        Assert.True(new TotpCodes(new FakeTimeProvider(at)).Check(RfcSecret, "287082", 0).IsAccepted);
    }

    [Theory]
    [InlineData(-30, true)]
    [InlineData(0, true)]
    [InlineData(30, true)]
    [InlineData(-60, false)]
    [InlineData(60, false)]
    public void Rule1_OneStepOfClockDriftEitherWayIsAccepted(int driftSeconds, bool accepted)
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        var secret = TotpCodes.NewSecret();
        var code = TotpCodes.CodeAt(secret, now.AddSeconds(driftSeconds));

        Assert.Equal(accepted, new TotpCodes(new FakeTimeProvider(now)).Check(secret, code, 0).IsAccepted);
    }

    [Fact]
    public void Rule1_ACodeOfAnAlreadyUsedStepIsAReplay()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        var secret = TotpCodes.NewSecret();
        var codes = new TotpCodes(new FakeTimeProvider(now));
        var first = codes.Check(secret, TotpCodes.CodeAt(secret, now), 0);

        var again = codes.Check(secret, TotpCodes.CodeAt(secret, now), first.Step);
        var older = codes.Check(secret, TotpCodes.CodeAt(secret, now.AddSeconds(-30)), first.Step);

        Assert.True(first.IsAccepted);
        Assert.Equal(TotpOutcome.Replayed, again.Outcome);
        Assert.Equal(TotpOutcome.Replayed, older.Outcome);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("12a456")]
    [InlineData("１２３４５６")]
    public void Rule1_AnythingButSixAsciiDigitsIsInvalid(string? code)
    {
        var codes = new TotpCodes(TimeProvider.System);

        Assert.Equal(TotpOutcome.Invalid, codes.Check(TotpCodes.NewSecret(), code, 0).Outcome);
    }

    [Fact]
    public void Secrets_Are160RandomBits_AndRoundTripThroughBase32AsPeopleTypeThem()
    {
        var secret = TotpCodes.NewSecret();
        var typed = string.Join(' ', TotpCodes.ToBase32(secret).ToLowerInvariant().Chunk(4).Select(c => new string(c)));

        Assert.Equal(20, secret.Length);
        Assert.Equal(secret, TotpCodes.FromBase32(typed));
        Assert.Null(TotpCodes.FromBase32("not base32 at all!"));
        Assert.NotEqual(secret, TotpCodes.NewSecret());
    }

    [Fact]
    public void Qr_EncodesAnOtpauthUriWithIssuerAndSecret()
    {
        var secret = TotpCodes.NewSecret();
        var uri = AuthenticatorQr.KeyUri("KaseyaOne", "Acme MSP/alice", secret);

        Assert.StartsWith("otpauth://totp/KaseyaOne:Acme%20MSP%2Falice?secret=" + TotpCodes.ToBase32(secret), uri, StringComparison.Ordinal);
        Assert.Contains("issuer=KaseyaOne", uri, StringComparison.Ordinal);
        Assert.StartsWith("data:image/png;base64,iVBORw0KGgo", AuthenticatorQr.PngDataUri(uri), StringComparison.Ordinal);
    }
}
