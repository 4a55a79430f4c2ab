using Microsoft.EntityFrameworkCore;
using SsoSuite.Testing.Browsing;

namespace SsoSuite.Identity.Tests.Support;

/// <summary>An account signed in through <see cref="Browser"/> for the test client, which holds <see cref="Code"/>.</summary>
public sealed record SignedInClient(IdentityFactory Factory, string User, FormBrowser Browser, RelyingParty Rp, string Code) : IDisposable
{
    /// <summary>The account's id, the <c>sub</c> of its tokens.</summary>
    public Task<string> SubjectAsync() =>
        Factory.WithDbAsync(async db => (await db.Accounts.SingleAsync(a => a.UserName == User)).Id.ToString());

    public void Dispose() => Browser.Dispose();
}
