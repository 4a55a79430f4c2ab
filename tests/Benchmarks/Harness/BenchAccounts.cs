using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OtpNet;
using SsoSuite.Identity.Accounts;
using SsoSuite.Identity.Data;
using SsoSuite.Testing.Accounts;
using SsoSuite.Testing.Browsing;

namespace SsoSuite.Benchmarks;

/// <summary>A benchmark account with its authenticator: the secret and the last time step it used.</summary>
public sealed class BenchAccount(string userName, Guid id)
{
    public string UserName { get; } = userName;
    /// <summary>The KaseyaOne account id: the <c>sub</c> of its tokens.</summary>
    public Guid Id { get; } = id;
    public string Email => UserName + "@acme.example";
    public byte[] Secret { get; set; } = [];
    public long LastStep { get; set; }
    public FormBrowser? Session { get; set; }

    /// <summary>
    /// The code for the next step this account may use: each code works once per account and step, and one
    /// step of drift is accepted, so the step is the current one or the next, never one already used.
    /// </summary>
    public string? NextCode()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30;
        var step = Math.Max(now, LastStep + 1);
        if (step > now + 1)
        {
            return null;
        }
        LastStep = step;
        return new Totp(Secret).ComputeTotp(DateTimeOffset.FromUnixTimeSeconds(step * 30).UtcDateTime);
    }
}

/// <summary>
/// Creates the benchmark accounts in the fresh store with the product's own EF context and password hasher,
/// then enrols each one through KaseyaOne's real sign-in and enrolment forms before anything is timed.
/// </summary>
public static class BenchAccounts
{
    public const string Company = "Acme MSP";
    public const string Password = DemoAccounts.Password;

    /// <summary>Milliseconds of one PasswordHasher&lt;T&gt;.VerifyHashedPassword (the median of a few), on this machine now.</summary>
    public static double MeasureHashMs()
    {
        var hasher = new PasswordHasher<K1Account>();
        var hash = hasher.HashPassword(null!, Password);
        hasher.VerifyHashedPassword(null!, hash, Password);
        var times = new List<double>();
        for (var i = 0; i < 9; i++)
        {
            var started = Stopwatch.GetTimestamp();
            hasher.VerifyHashedPassword(null!, hash, Password);
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        return times.Order().ElementAt(times.Count / 2);
    }

    /// <summary>
    /// Every core verifying at once: what the machine itself allows (verifications per second, for the report), and
    /// the CPU time one verification then takes (this process's CPU time ÷ verifications). On a VM two concurrent
    /// verifications are each slower than one alone, so the rate is below cores ÷ one verify and the CPU time above
    /// it; the full login runs its hashes in that state, so that CPU time is what a login's hash costs there.
    /// </summary>
    public static ParallelVerifies MeasureParallelVerifies()
    {
        var hasher = new PasswordHasher<K1Account>();
        var hash = hasher.HashPassword(null!, Password);
        const int each = 8;
        using var self = Process.GetCurrentProcess();
        var cpuBefore = self.TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        Parallel.For(0, Environment.ProcessorCount, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, _ =>
        {
            for (var i = 0; i < each; i++)
            {
                hasher.VerifyHashedPassword(null!, hash, Password);
            }
        });
        var elapsed = Stopwatch.GetElapsedTime(started);
        self.Refresh();
        var verifies = Environment.ProcessorCount * each;
        return new ParallelVerifies(verifies / elapsed.TotalSeconds, (self.TotalProcessorTime - cpuBefore).TotalMilliseconds / verifies);
    }

    /// <summary>The id of the KaseyaOne tenant the benchmark accounts belong to.</summary>
    public static async Task<Guid> TenantIdAsync(Targets targets, CancellationToken ct)
    {
        await using var db = targets.IdentityDb();
        return (await db.Tenants.SingleAsync(t => t.Name == Company, ct)).Id;
    }

    public static async Task<List<BenchAccount>> CreateAsync(Targets targets, int count, CancellationToken ct)
    {
        await using var db = targets.IdentityDb();
        var tenant = await db.Tenants.SingleAsync(t => t.Name == Company, ct);
        // One hash serves every account: same password, and the salt is inside the hash.
        var hash = new PasswordHasher<K1Account>().HashPassword(null!, Password);
        var accounts = new List<BenchAccount>();
        for (var i = 0; i < count; i++)
        {
            var userName = $"bench-{i:D4}";
            var account = AccountBuilder.KaseyaOne(tenant.Id, userName, displayName: "Bench " + userName);
            account.PasswordHash = hash;
            account.CreatedAt = DateTimeOffset.UtcNow;
            db.Accounts.Add(account);
            accounts.Add(new BenchAccount(userName, account.Id));
        }
        await db.SaveChangesAsync(ct);
        return accounts;
    }

    /// <summary>First sign-in of each account: password, then the enrolment page's secret confirmed by a code.</summary>
    public static async Task EnrolAsync(HttpClient http, IReadOnlyList<BenchAccount> accounts, CancellationToken ct)
    {
        var queue = new ConcurrentQueue<BenchAccount>(accounts);
        var failures = new ConcurrentBag<string>();
        await Load.RunAsync($"enrolling {accounts.Count} accounts", async (_, token) =>
        {
            if (!queue.TryDequeue(out var account))
            {
                return Outcome.Exhausted;
            }
            var browser = new FormBrowser(http, http.BaseAddress!);
            var login = await browser.OpenAsync(KaseyaOneForms.LoginPath, token);
            var enrol = await browser.SubmitAsync(login, new Dictionary<string, string>
            {
                ["Form.Company"] = Company,
                ["Form.UserName"] = account.UserName,
                ["Form.Password"] = Password,
            }, ct: token);
            if (enrol.Url.AbsolutePath != "/Mfa/Enrol")
            {
                failures.Add($"{account.UserName}: expected the enrolment page, got {enrol.Url} ({(int)enrol.Status})");
                return Outcome.NonSuccess;
            }
            account.Secret = Base32Encoding.ToBytes(KaseyaOneForms.SecretOn(enrol));
            var home = await browser.SubmitAsync(enrol, new Dictionary<string, string> { ["Code"] = account.NextCode()! }, ct: token);
            if (home.Status != System.Net.HttpStatusCode.OK || home.Url.AbsolutePath != "/")
            {
                failures.Add($"{account.UserName}: expected the landing page, got {home.Url} ({(int)home.Status})");
                return Outcome.NonSuccess;
            }
            account.Session = browser;
            return Outcome.Ok;
        }, concurrency: 4, TimeSpan.FromMinutes(5), into: null, ct);
        if (!failures.IsEmpty || accounts.Any(a => a.Session is null))
        {
            throw new InvalidOperationException("Enrolment failed: " + string.Join("; ", failures.Take(5)));
        }
    }
}

/// <summary>The accounts the full-login scenario signs in with, each at most once per TOTP step.</summary>
public sealed class AccountPool(IEnumerable<BenchAccount> accounts)
{
    private readonly ConcurrentQueue<BenchAccount> queue = new(accounts);

    /// <summary>An account and a code it has not used yet, or null when every account used its codes for now.</summary>
    public (BenchAccount Account, string Code)? Take()
    {
        var tries = queue.Count;
        while (tries-- > 0 && queue.TryDequeue(out var account))
        {
            string? code;
            lock (account)
            {
                code = account.NextCode();
            }
            queue.Enqueue(account);
            if (code is not null)
            {
                return (account, code);
            }
        }
        return null;
    }
}

/// <summary>Password verification with every core verifying at once: how many per second, and the CPU time of each.</summary>
public sealed record ParallelVerifies(double PerSecond, double CpuMsEach);
