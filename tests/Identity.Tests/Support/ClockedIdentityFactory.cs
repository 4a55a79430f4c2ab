using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OtpNet;

namespace SsoSuite.Identity.Tests.Support;

/// <summary>
/// KaseyaOne on a hand-moved clock (FakeTimeProvider): OpenIddict's token lifetimes, the cookies and the TOTP
/// check all read it, so a test moves time instead of waiting for it.
/// </summary>
public sealed class ClockedIdentityFactory : IdentityFactory
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    /// <summary>The code an authenticator shows 30 seconds from now, after moving the clock there (each step works once).</summary>
    public string NextCode(string base32Secret)
    {
        Clock.Advance(TimeSpan.FromSeconds(30));
        return new Totp(Base32Encoding.ToBytes(base32Secret)).ComputeTotp(Clock.GetUtcNow().UtcDateTime);
    }

    /// <summary>A fresh account signed in (enrolled on the way) through the real forms, on this clock.</summary>
    public async Task<Page> SignInAsync(K1Browser browser, string? returnUrl = null)
    {
        var user = await this.CreateAsync();
        var enrol = await browser.EnterPasswordAsync(TestAccounts.Company, user, returnUrl: returnUrl);
        return await browser.SubmitCodeAsync(enrol, NextCode(K1Browser.SecretOn(enrol)));
    }
}
