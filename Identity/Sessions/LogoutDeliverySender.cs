using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SsoSuite.Identity.Audit;
using SsoSuite.Identity.Data;
using SsoSuite.Shared.Audit;
using SsoSuite.Shared.Hosting;

namespace SsoSuite.Identity.Sessions;

/// <summary>
/// Delivers the outbox's back-channel logouts (OpenID Connect Back-Channel Logout 1.0 §2.5): right after the end
/// that wrote them, then again on a back-off schedule until the client answers 2xx, refuses with a 4xx, or
/// <see cref="LogoutDeliveryOptions.GiveUpAfter"/> passes. Each row records its state and the client's last answer.
/// The HTTP part (per-attempt timeout, quick retries, Retry-After) is the resilience handler of
/// <see cref="HttpClientName"/>; this class decides what an answer means for the row, and counts every attempt in
/// <c>kaseyaone.logout.deliveries</c> (meter <c>kaseyaone.sessions</c>) by <c>outcome</c>: <c>delivered</c>, <c>retrying</c>,
/// <c>refused</c> (a 4xx: given up at once) or <c>given_up</c> (no 2xx before the give-up time).
/// </summary>
public sealed class LogoutDeliverySender(
    IServiceScopeFactory scopes,
    IHttpClientFactory httpClients,
    IOptions<SessionOptions> options,
    TimeProvider clock,
    IMeterFactory meters,
    AppTelemetry app,
    ILogger<LogoutDeliverySender> logger) : IDisposable
{
    public const string HttpClientName = "back-channel-logout";

    /// <summary>This process, as the holder of its claims.</summary>
    private readonly string instance = Guid.NewGuid().ToString("N");
    private readonly SemaphoreSlim onePass = new(1, 1);
    private readonly Counter<long> attempts = app.CreateMeter(meters, "sessions").CreateCounter<long>(
        app.Instrument("logout.deliveries"), "{attempt}", "Back-channel logout delivery attempts, by outcome.");
    private LogoutDeliveryOptions Delivery => options.Value.Delivery;

    public void Dispose() => onePass.Dispose();

    /// <summary>
    /// Attempts these deliveries now, waiting at most <paramref name="wait"/> for them (a browser is waiting for
    /// its signed-out page); what is not finished by then goes on in the background. Returns the rows as they stand.
    /// </summary>
    public async Task<IReadOnlyList<LogoutDelivery>> DeliverNowAsync(IReadOnlyCollection<Guid> ids, TimeSpan wait)
    {
        if (ids.Count == 0)
        {
            return [];
        }
        var work = Task.Run(() => DeliverAsync(db => db.LogoutDeliveries.Where(d => ids.Contains(d.Id)), CancellationToken.None));
        await Task.WhenAny(work, Task.Delay(wait, clock));
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IdentityDbContext>().LogoutDeliveries.AsNoTracking()
            .Where(d => ids.Contains(d.Id)).ToListAsync();
    }

    /// <summary>One pass over every due delivery; passes of this process run one at a time. Returns how many were attempted.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken ct)
    {
        await onePass.WaitAsync(ct);
        try
        {
            var now = clock.GetUtcNow();
            return await DeliverAsync(db => db.LogoutDeliveries.Where(d => d.NextAttemptAt <= now), ct);
        }
        finally
        {
            onePass.Release();
        }
    }

    private async Task<int> DeliverAsync(Func<IdentityDbContext, IQueryable<LogoutDelivery>> candidates, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var claimed = await ClaimAsync(db, candidates(db), 50, ct);
        // Side by side: one slow client does not hold up the others (each attempt is bounded by its timeout).
        await Task.WhenAll(claimed.Select(id => AttemptAsync(id, ct)));
        return claimed.Count;
    }

    /// <summary>
    /// Takes up to <paramref name="max"/> unfinished deliveries among <paramref name="candidates"/> for this process, for
    /// <see cref="LogoutDeliveryOptions.ClaimLease"/>: whoever's conditional UPDATE matches a row holds it, so two
    /// instances never send the same delivery at once, and a claim whose process died lapses with its lease. On
    /// PostgreSQL this is one statement: <c>UPDATE … WHERE "Id" IN (SELECT "Id" … LIMIT n FOR UPDATE SKIP LOCKED)
    /// RETURNING "Id"</c>.
    /// </summary>
    internal async Task<List<Guid>> ClaimAsync(IdentityDbContext db, IQueryable<LogoutDelivery> candidates, int max, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var until = now + Delivery.ClaimLease;
        var claim = instance + Guid.NewGuid().ToString("N")[..8];
        var open = candidates.Where(d => (d.State == LogoutDeliveryState.Pending || d.State == LogoutDeliveryState.Retrying)
                                         && (d.ClaimedUntil == null || d.ClaimedUntil < now));
        var ids = await open.OrderBy(d => d.NextAttemptAt).Select(d => d.Id).Take(max).ToListAsync(ct);
        if (ids.Count == 0)
        {
            return [];
        }
        await db.LogoutDeliveries
            .Where(d => ids.Contains(d.Id) && (d.State == LogoutDeliveryState.Pending || d.State == LogoutDeliveryState.Retrying)
                        && (d.ClaimedUntil == null || d.ClaimedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.ClaimedBy, claim).SetProperty(d => d.ClaimedUntil, until), ct);
        return await db.LogoutDeliveries.Where(d => d.ClaimedBy == claim).Select(d => d.Id).ToListAsync(ct);
    }

    private async Task AttemptAsync(Guid id, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var delivery = await db.LogoutDeliveries.SingleAsync(d => d.Id == id, ct);
        var (answer, verdict, retryAfter) = await SendAsync(delivery, ct);

        var now = clock.GetUtcNow();
        delivery.Attempts++;
        delivery.LastAttemptAt = now;
        delivery.LastAnswer = answer;
        delivery.ClaimedBy = null;
        delivery.ClaimedUntil = null;
        (delivery.State, delivery.NextAttemptAt) = verdict switch
        {
            Verdict.Delivered => (LogoutDeliveryState.Delivered, now),
            Verdict.Refused => (LogoutDeliveryState.GivenUp, now),
            _ => LogoutRetrySchedule.Next(delivery.Attempts, delivery.CreatedAt, now, retryAfter, Delivery),
        };
        attempts.Add(1, new KeyValuePair<string, object?>("outcome", (verdict, delivery.State) switch
        {
            (Verdict.Delivered, _) => "delivered",
            (Verdict.Refused, _) => "refused",
            (_, LogoutDeliveryState.GivenUp) => "given_up",
            _ => "retrying",
        }));
        // A token naming only the sub (deactivation, MFA or password reset) ends every session of the account.
        var sessions = delivery.SessionId is { } sessionId ? "session " + sessionId : "every session";
        if (delivery.State == LogoutDeliveryState.GivenUp)
        {
            scope.ServiceProvider.GetRequiredService<KaseyaOneAudit>().Add(delivery.TenantId, delivery.AccountId, AuditActions.LogoutDelivery,
                AuditOutcomes.GivenUp, $"{delivery.ClientId}: {answer} after {delivery.Attempts} attempt(s)");
            logger.LogError("Back-channel logout of {Sessions} of account {AccountId} to {ClientId} given up after {Attempts} attempt(s): {Answer}",
                sessions, delivery.AccountId, delivery.ClientId, delivery.Attempts, answer);
        }
        else
        {
            logger.LogInformation("Back-channel logout of {Sessions} of account {AccountId} to {ClientId}: {State} ({Answer})",
                sessions, delivery.AccountId, delivery.ClientId, delivery.State, answer);
        }
        await db.SaveChangesAsync(CancellationToken.None);
    }

    private enum Verdict { Delivered, Refused, Retry }

    private async Task<(string Answer, Verdict Verdict, TimeSpan? RetryAfter)> SendAsync(LogoutDelivery delivery, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Endpoint);
        request.Options.Set(LogoutTokenMinting.Content,
            new LogoutTokenContent(delivery.Issuer, delivery.ClientId, delivery.AccountId.ToString(), delivery.SessionId));
        try
        {
            using var http = httpClients.CreateClient(HttpClientName);
            // Only the status and headers decide (Back-Channel Logout 1.0 §2.8), so the body is never read: buffering it
            // would wait outside the attempt's timeout, which ends with the headers, for a client that sends headers and
            // then stalls or streams without end, and hold this pass (and with it the housekeeping sweep) forever.
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            var status = (int)response.StatusCode;
            // The reason phrase is the client's own text (RFC 9112 §4: any length): what is kept of it fits its column.
            var answer = Shorten($"{status} {response.ReasonPhrase}".Trim(), LogoutDelivery.LastAnswerMaxLength);
            // Back-Channel Logout 1.0 §2.8: 200 (or any 2xx) is success. A 4xx other than 408/429 means the client
            // refused this logout (bad token, unknown session): a fresh token would be refused the same way.
            return status switch
            {
                >= 200 and < 300 => (answer, Verdict.Delivered, null),
                408 or 429 or >= 500 => (answer, Verdict.Retry, RetryAfter(response)),
                _ => (answer, Verdict.Refused, null),
            };
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // Unreachable, timed out (the pipeline's TimeoutRejectedException) or anything else on the way: no answer
            // from the client, so it may simply be down; the schedule decides when to try again.
            return (e is HttpRequestException ? "unreachable: " + Shorten(e.Message, 200) : Shorten(e.Message, 200), Verdict.Retry, null);
        }
    }

    /// <summary>RFC 9110 §10.2.3: Retry-After as seconds or as a date.</summary>
    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - clock.GetUtcNow(),
        _ => null,
    };

    private static string Shorten(string text, int maxLength) => AuditLine.Shorten(text, maxLength)!;
}

/// <summary>When a failed delivery is tried again: doubling waits, never sooner than the client's Retry-After, until the give-up time.</summary>
public static class LogoutRetrySchedule
{
    public static (LogoutDeliveryState State, DateTimeOffset NextAttemptAt) Next(
        int attempts, DateTimeOffset createdAt, DateTimeOffset now, TimeSpan? retryAfter, LogoutDeliveryOptions options)
    {
        var doubling = options.FirstDelay * Math.Pow(2, Math.Min(attempts - 1, 20));
        var wait = doubling < options.MaxDelay ? doubling : options.MaxDelay;
        if (retryAfter is { } asked && asked > wait)
        {
            wait = asked;
        }
        var next = now + wait;
        return next > createdAt + options.GiveUpAfter
            ? (LogoutDeliveryState.GivenUp, now)
            : (LogoutDeliveryState.Retrying, next);
    }
}
