using Microsoft.EntityFrameworkCore;
using OpenIddict.EntityFrameworkCore.Models;
using OpenIddict.Server;
using SsoSuite.Shared.Data;
using SsoSuite.Identity.Data;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace SsoSuite.Identity.Oidc;

/// <summary>
/// The token rows one sign-in writes (a code at the authorization endpoint; at the token endpoint the redeemed code
/// or refresh token marked redeemed, and the access, refresh and identity tokens inserted) are written together,
/// in one write at the end of OpenIddict's sign-in processing, before the answer is written: on SQLite in the next group
/// commit (<see cref="SqliteGroupCommit"/>: the sign-ins that queued meanwhile share its flush to disk), on PostgreSQL
/// one SaveChanges.
/// <para>
/// Why: while the tokens are made, signed and encrypted, nothing needs to be in the database yet; only the answer
/// must not leave before its rows are stored. Kept as they are made, the rows cost one short transaction (one flush
/// to disk, and SQLite's single writer held for the statements alone) instead of a transaction held open across all
/// the signing and encryption, which let only one redemption work at a time.
/// </para>
/// <para>
/// Exactly once still holds: the redeemed code or refresh token is updated with OpenIddict's concurrency token in
/// the WHERE clause. When two requests redeem one code, the second write finds the row changed, stores
/// nothing of its own, and the request is answered <c>invalid_grant</c> (RFC 6749 §4.1.2: a code is used once).
/// </para>
/// </summary>
public sealed class TokenWriteBatch
{
    /// <summary>True between the start and the end of a sign-in: the token store adds and updates without saving.</summary>
    public bool IsOpen { get; private set; }

    /// <summary>
    /// True once the token store has left a row to the batch. A client_credentials access token leaves none (it is
    /// not stored: <c>OidcSetup.StoreOnlyTokensThatAreLookedUp</c>), so such a sign-in saves nothing at all unless it
    /// also gives a refresh token.
    /// </summary>
    public bool HasWrites { get; private set; }

    /// <summary>The token store left a row added or changed in the change tracker, for the batch to save.</summary>
    public void Hold() => HasWrites = true;

    /// <summary>Opens the batch before OpenIddict redeems the presented token and makes the new ones.</summary>
    public sealed class Open(TokenWriteBatch batch) : IOpenIddictServerHandler<ProcessSignInContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessSignInContext>()
                .UseScopedHandler<Open>()
                .SetOrder(OpenIddictServerHandlers.RedeemTokenEntry.Descriptor.Order - 1_000)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();

        public ValueTask HandleAsync(ProcessSignInContext context)
        {
            batch.IsOpen = true;
            return default;
        }
    }

    /// <summary>Writes the batch once every token is made, before the answer is applied.</summary>
    public sealed class Commit(TokenWriteBatch batch, IdentityDbContext db, SqliteGroupCommit groupCommit, ILogger<TokenWriteBatch> logger)
        : IOpenIddictServerHandler<ProcessSignInContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessSignInContext>()
                .UseScopedHandler<Commit>()
                // After the last token is made (AttachSignInParameters follows GenerateIdentityToken) and before the
                // answer is applied. AttachCustomSignInParameters would be too early: it shares its order with
                // GenerateAccessToken, so the refresh and identity tokens would each be written on their own.
                .SetOrder(OpenIddictServerHandlers.AttachSignInParameters.Descriptor.Order + 1_000)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();

        public async ValueTask HandleAsync(ProcessSignInContext context)
        {
            batch.IsOpen = false;
            if (!batch.HasWrites)
            {
                return;
            }
            try
            {
                // One transaction, committed once; on SQLite shared with the sign-ins that arrive while another is being
                // flushed (SqliteGroupCommit). Anything but token rows (an authorization made in this request) is saved by
                // SaveChanges.
                await groupCommit.SaveChangesAsync(db, typeof(OpenIddictEntityFrameworkCoreToken), context.CancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Another request redeemed the same code or refresh token first: nothing of this one is kept.
                db.ChangeTracker.Clear();
                logger.LogWarning("A token presented at the {Endpoint} endpoint was redeemed by a concurrent request", context.EndpointType);
                context.Reject(Errors.InvalidGrant, "The specified token has already been redeemed.");
            }
        }
    }
}
