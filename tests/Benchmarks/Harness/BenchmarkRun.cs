using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using SsoSuite.Testing.Browsing;

namespace SsoSuite.Benchmarks;

/// <summary>One row of the report: a scenario against a target.</summary>
public sealed record Row(string Scenario, string Target, Measurement Result, double PeakRssMb, double RssMb)
{
    public double? VsCeiling { get; set; }
    public double? VsPeer { get; set; }
}

/// <summary>A performance target of issue 8 and whether this run met it.</summary>
public sealed record Goal(string Name, string Required, string Measured, bool Met);

/// <summary>
/// One benchmark run: start the servers, prepare accounts and sessions, run every scenario at fixed
/// concurrency for a bounded time, then print and write the report (Markdown and JSON).
/// </summary>
public sealed class BenchmarkRun(Settings settings)
{
    private readonly List<Row> rows = [];
    private readonly List<Goal> goals = [];
    private Targets targets = null!;
    private double hashMs;
    private double parallelBound;

    private const string FullLogin = "full login (password + TOTP + code)";
    private const string BmsLogin = "full login through BMS (Login with KaseyaOne)";

    public bool AllTargetsMet => goals.Count > 0 && goals.All(g => g.Met);

    public async Task ExecuteAsync(CancellationToken ct)
    {
        var resultsFolder = Path.Combine(Repository.Root, "tests", "Benchmarks", "results");
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture);
        var logFolder = Path.Combine(resultsFolder, "logs-" + stamp);
        Directory.CreateDirectory(logFolder);
        if (Repository.Configuration != "Release")
        {
            Console.WriteLine("Warning: a Debug build is being measured; run with -c Release.");
        }

        Console.WriteLine($"SsoSuite benchmark — {Environment.ProcessorCount} cores, concurrency {settings.Concurrency}, " +
                          $"{settings.Warmup.TotalSeconds:0} s warm-up + {settings.Duration.TotalSeconds:0} s per target, {settings.Rounds} interleaved round(s)");
        targets = await Targets.StartAsync(logFolder, ct);
        try
        {
            foreach (var app in targets.All)
            {
                Console.WriteLine($"  {app.Name,-24} {app.BaseAddress}  pid {app.Pid}");
            }
            using var handler = new SocketsHttpHandler
            {
                UseCookies = false,
                AllowAutoRedirect = false,
                PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
                MaxConnectionsPerServer = 256,
            };
            using var timing = new ServerTimingHandler(handler);
            HttpClient Client(AppProcess app) => new(timing, disposeHandler: false) { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            using var identity = Client(targets.Identity);
            using var ceiling = Client(targets.Ceiling);
            using var peer = Client(targets.Peer);

            // The password-hash bound of the full login: cores ÷ one VerifyHashedPassword.
            hashMs = BenchAccounts.MeasureHashMs();
            var bound = Environment.ProcessorCount * 1000.0 / hashMs;
            parallelBound = BenchAccounts.MeasureParallelVerifiesPerSecond();
            var loginSeconds = (settings.Duration + settings.Warmup).TotalSeconds;
            var perLoginScenario = (int)Math.Ceiling(bound * loginSeconds * 1.3);
            var loginAccounts = settings.Includes(FullLogin) ? perLoginScenario : 0;
            var bmsLoginAccounts = settings.Includes(BmsLogin) ? perLoginScenario : 0;
            var accountCount = loginAccounts + bmsLoginAccounts + Settings.ReauthorizationUsers;
            Console.WriteLine($"  PasswordHasher verify: {hashMs:0.0} ms → bound {bound:0.0} logins/s (all cores verifying at once: {parallelBound:0.0}/s); " +
                              $"creating and enrolling {accountCount} accounts");
            var accounts = await BenchAccounts.CreateAsync(targets.DataFolder, accountCount, ct);
            await BenchAccounts.EnrolAsync(identity, accounts, ct);
            var bmsAccounts = accounts.Skip(Settings.ReauthorizationUsers + loginAccounts).ToList();
            if (bmsAccounts.Count > 0)
            {
                await BenchBms.SeedAsync(targets.BmsDataFolder, await BenchAccounts.TenantIdAsync(targets.DataFolder, ct), bmsAccounts, ct);
            }

            await CompareAsync("discovery", [
                (targets.Ceiling, Get(ceiling, "/")),
                (targets.Identity, Get(identity, "/.well-known/openid-configuration")),
                (targets.Peer, Get(peer, "/.well-known/openid-configuration")),
            ], ct);
            await CompareAsync("JWKS", [
                (targets.Ceiling, Get(ceiling, "/")),
                (targets.Identity, Get(identity, "/.well-known/jwks")),
                (targets.Peer, Get(peer, "/jwks")),
            ], ct);
            await CompareAsync("token (client_credentials)", [
                (targets.Identity, ClientCredentials(identity, "/connect/token")),
                (targets.Peer, ClientCredentials(peer, "/token")),
            ], ct);

            // Seamless re-authorization: 16 users with live KaseyaOne sessions; its codes are redeemed next.
            var codes = new ConcurrentQueue<(string Code, PkceRequest Request)>();
            var sessions = accounts.Take(Settings.ReauthorizationUsers).ToArray();
            await SingleAsync("re-authorization (16 users)", targets.Identity, Settings.ReauthorizationUsers, settings.Duration, async (worker, token) =>
            {
                var request = new PkceRequest();
                var landing = await sessions[worker].Session!.OpenAsync(request.AuthorizeUrl(Targets.WebClientId, Targets.RedirectUri), token);
                if (request.CodeFrom(landing, Targets.RedirectUri) is not { } code)
                {
                    return Load.Unexpected(landing.Status, "authorize " + landing.Url.AbsolutePath);
                }
                codes.Enqueue((code, request));
                return Outcome.Ok;
            }, ct);

            var web = PkceRequest.Basic(Targets.WebClientId, Targets.WebClientSecret);
            var accessTokens = new ConcurrentBag<string>();
            await SingleAsync("authorization code redemption", targets.Identity, settings.Concurrency, settings.Duration, async (_, token) =>
            {
                if (!codes.TryDequeue(out var item))
                {
                    return Outcome.Exhausted;
                }
                using var response = await identity.SendAsync(item.Request.Redemption(item.Code, Targets.RedirectUri, web), token);
                var outcome = Load.Classify(response, HttpStatusCode.OK, "redeem");
                if (outcome == Outcome.Ok && accessTokens.Count < 256)
                {
                    using var body = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(token));
                    accessTokens.Add(body.RootElement.GetProperty("access_token").GetString()!);
                }
                return outcome;
            }, ct, warmup: false);

            var bearer = accessTokens.ToArray();
            if (bearer.Length > 0)
            {
                await SingleAsync("userinfo", targets.Identity, settings.Concurrency, settings.Duration, async (worker, token) =>
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, "/connect/userinfo");
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer[worker % bearer.Length]);
                    using var response = await identity.SendAsync(request, token);
                    return Load.Classify(response, HttpStatusCode.OK, "userinfo");
                }, ct);
            }

            var pool = new AccountPool(accounts.Skip(Settings.ReauthorizationUsers).Take(loginAccounts));
            await SingleAsync(FullLogin, targets.Identity, settings.Concurrency, settings.Duration,
                (_, token) => FullLoginAsync(identity, pool, web, token), ct);

            var bmsPool = new AccountPool(bmsAccounts);
            await SingleAsync(BmsLogin, targets.Bms, settings.Concurrency, settings.Duration,
                (_, token) => BmsLoginAsync(identity, targets.Bms.BaseAddress, bmsPool, token), ct);

            Evaluate(bound);
        }
        finally
        {
            AppProcess.StopAll();
            targets.DeleteDataFolders();
        }
        Report.Write(resultsFolder, stamp, settings, hashMs, rows, goals);
    }

    /// <summary>
    /// A browser-less login of a relying party: authorize → login page → password → code page → TOTP code →
    /// back to authorize → the code → its redemption with the PKCE verifier.
    /// </summary>
    private static async Task<Outcome> FullLoginAsync(HttpClient identity, AccountPool pool, AuthenticationHeaderValue web, CancellationToken ct)
    {
        if (pool.Take() is not var (account, code))
        {
            return Outcome.Exhausted;
        }
        var browser = new FormBrowser(identity, identity.BaseAddress!);
        var request = new PkceRequest();
        var login = await browser.OpenAsync(request.AuthorizeUrl(Targets.WebClientId, Targets.RedirectUri), ct);
        var (back, failure) = await PasswordAndCodeAsync(browser, login, account, code, ct);
        if (back is null)
        {
            return failure;
        }
        if (request.CodeFrom(back, Targets.RedirectUri) is not { } authorizationCode)
        {
            return Load.Unexpected(back.Status, "after code " + back.Url.AbsolutePath);
        }
        using var response = await identity.SendAsync(request.Redemption(authorizationCode, Targets.RedirectUri, web), ct);
        return Load.Classify(response, HttpStatusCode.OK, "redeem after login");
    }

    /// <summary>
    /// What a BMS user does: BMS's login page → Login with KaseyaOne → KaseyaOne's login form → password → code
    /// form → TOTP code → back to BMS (which redeems the code with KaseyaOne and checks the ID token) → the
    /// dashboard. Server time here is KaseyaOne's and BMS's together.
    /// </summary>
    private static async Task<Outcome> BmsLoginAsync(HttpClient identity, Uri bms, AccountPool pool, CancellationToken ct)
    {
        if (pool.Take() is not var (account, code))
        {
            return Outcome.Exhausted;
        }
        var browser = new FormBrowser(identity, identity.BaseAddress!, bms);
        var login = await browser.OpenAsync(new Uri(bms, "/kaseyaone/login?company=" + Uri.EscapeDataString(BenchBms.Company)).ToString(), ct);
        var (home, failure) = await PasswordAndCodeAsync(browser, login, account, code, ct);
        if (home is null)
        {
            return failure;
        }
        if (home.Status != HttpStatusCode.OK || home.Url.Authority != bms.Authority || home.Url.AbsolutePath != "/")
        {
            return Load.Unexpected(home.Status, "BMS after the sign-in " + home.Url.PathAndQuery);
        }
        return Outcome.Ok;
    }

    /// <summary>
    /// KaseyaOne's two sign-in forms from its login page: company, username and password, then the TOTP code.
    /// Where the browser ends up after the code, or null and the outcome when a page was not the expected one.
    /// </summary>
    private static async Task<(Page? After, Outcome Failure)> PasswordAndCodeAsync(
        FormBrowser browser, Page login, BenchAccount account, string code, CancellationToken ct)
    {
        if (login.Status != HttpStatusCode.OK || login.Url.AbsolutePath != "/Accounts/Login")
        {
            return (null, Load.Unexpected(login.Status, "login page " + login.Url));
        }
        var codePage = await browser.SubmitAsync(login, new Dictionary<string, string>
        {
            ["Form.Company"] = BenchAccounts.Company,
            ["Form.UserName"] = account.UserName,
            ["Form.Password"] = BenchAccounts.Password,
        }, ct: ct);
        if (codePage.Status != HttpStatusCode.OK || codePage.Url.AbsolutePath != "/Mfa/Code")
        {
            return (null, Load.Unexpected(codePage.Status, "code page " + codePage.Url));
        }
        return (await browser.SubmitAsync(codePage, new Dictionary<string, string> { ["Code"] = code }, ct: ct), Outcome.Ok);
    }

    /// <summary>
    /// A GET whose body is read and thrown away through one small buffer per worker, as wrk does: buffering each
    /// body into a new array would cost the load generator (on the same cores) more for a bigger document and
    /// bias the comparison against the larger one.
    /// </summary>
    private static Load.Operation Get(HttpClient http, string path)
    {
        var buffers = new System.Collections.Concurrent.ConcurrentDictionary<int, byte[]>();
        return async (worker, ct) =>
        {
            using var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, ct);
            var buffer = buffers.GetOrAdd(worker, static _ => new byte[16 * 1024]);
            await using var body = await response.Content.ReadAsStreamAsync(ct);
            while (await body.ReadAsync(buffer, ct) > 0)
            {
            }
            return Load.Classify(response, HttpStatusCode.OK, "GET " + path);
        };
    }

    private static Load.Operation ClientCredentials(HttpClient http, string path)
    {
        var basic = PkceRequest.Basic(Targets.CcClientId, Targets.CcClientSecret);
        return async (_, ct) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path)
            {
                Content = new FormUrlEncodedContent([KeyValuePair.Create("grant_type", "client_credentials")]),
            };
            request.Headers.Authorization = basic;
            using var response = await http.SendAsync(request, ct);
            var outcome = Load.Classify(response, HttpStatusCode.OK, "POST " + path);
            if (outcome == Outcome.Ok && !(await response.Content.ReadAsStringAsync(ct)).Contains("\"access_token\"", StringComparison.Ordinal))
            {
                Load.Note("client_credentials: no access_token");
                return Outcome.Error;
            }
            return outcome;
        };
    }

    /// <summary>Several targets on one scenario, in interleaved rounds so that a noisy neighbour hits them alike.</summary>
    private async Task CompareAsync(string scenario, (AppProcess App, Load.Operation Operation)[] candidates, CancellationToken ct)
    {
        if (!settings.Includes(scenario))
        {
            return;
        }
        var results = candidates.Select(_ => new Measurement()).ToArray();
        for (var i = 0; i < candidates.Length; i++)
        {
            await Load.RunAsync($"{scenario} · {candidates[i].App.Name} warm-up", candidates[i].Operation, settings.Concurrency, settings.Warmup, null, ct);
        }
        var slice = settings.Duration / settings.Rounds;
        for (var round = 0; round < settings.Rounds; round++)
        {
            for (var i = 0; i < candidates.Length; i++)
            {
                await Load.RunAsync($"{scenario} · {candidates[i].App.Name}", candidates[i].Operation, settings.Concurrency, slice, results[i], ct);
            }
        }
        for (var i = 0; i < candidates.Length; i++)
        {
            Add(scenario, candidates[i].App, results[i]);
        }
    }

    private async Task SingleAsync(string scenario, AppProcess app, int concurrency, TimeSpan duration, Load.Operation operation,
        CancellationToken ct, bool warmup = true)
    {
        if (!settings.Includes(scenario))
        {
            return;
        }
        if (warmup)
        {
            await Load.RunAsync($"{scenario} warm-up", operation, concurrency, settings.Warmup, null, ct);
        }
        var result = new Measurement();
        await Load.RunAsync(scenario, operation, concurrency, duration, result, ct);
        Add(scenario, app, result);
    }

    private void Add(string scenario, AppProcess app, Measurement result)
    {
        var (peak, now) = app.Memory();
        var row = new Row(scenario, app.Name, result, peak, now);
        rows.Add(row);
        foreach (var r in rows.Where(r => r.Scenario == scenario))
        {
            var c = rows.FirstOrDefault(x => x.Scenario == scenario && x.Target == targets.Ceiling.Name);
            var p = rows.FirstOrDefault(x => x.Scenario == scenario && x.Target == targets.Peer.Name);
            r.VsCeiling = c is null || c.Result.PerSecond == 0 ? null : r.Result.PerSecond / c.Result.PerSecond;
            r.VsPeer = p is null || p.Result.PerSecond == 0 ? null : r.Result.PerSecond / p.Result.PerSecond;
        }
        Console.WriteLine(Report.Line(row));
    }

    private void Evaluate(double bound)
    {
        Row? Find(string scenario) => rows.FirstOrDefault(r => r.Scenario.StartsWith(scenario, StringComparison.Ordinal) && r.Target == targets.Identity.Name);
        void Ratio(string name, string scenario, Func<Row, double?> ratio, double required, string unit)
        {
            var row = Find(scenario);
            var value = row is null ? null : ratio(row);
            goals.Add(new Goal(name, $"≥ {required:0.##}{unit}", value is null ? "not measured" : $"{value:0.00}{unit}", value >= required));
        }
        Ratio("discovery vs Kestrel ceiling", "discovery", r => r.VsCeiling, 0.9, "×");
        Ratio("JWKS vs Kestrel ceiling", "JWKS", r => r.VsCeiling, 0.9, "×");
        Ratio("client_credentials vs oidc-provider", "token (client_credentials)", r => r.VsPeer, 2, "×");
        var login = Find("full login");
        goals.Add(new Goal("full login vs password-hash bound",
            $"≥ 90 % of {bound:0.0}/s ({Environment.ProcessorCount} cores ÷ {hashMs:0.0} ms)",
            login is null ? "not measured"
                : $"{login.Result.PerSecond:0.0}/s = {login.Result.PerSecond / bound:P0} (all cores verifying at once manage {parallelBound:0.0}/s: " +
                  $"{login.Result.PerSecond / parallelBound:P0} of that)",
            login is not null && login.Result.PerSecond >= 0.9 * bound));
        // The target is server time: what KaseyaOne itself spends, from its first middleware to the answer's
        // first byte (Server-Timing). The load generator shares the two cores, so the time its workers see also
        // holds their own waiting for a core; that figure is reported beside it.
        var bmsLogin = rows.FirstOrDefault(r => r.Scenario == BmsLogin);
        goals.Add(new Goal("full login through BMS vs password-hash bound", $"≥ 90 % of {bound:0.0}/s",
            bmsLogin is null ? "not measured" : $"{bmsLogin.Result.PerSecond:0.0}/s = {bmsLogin.Result.PerSecond / bound:P0}",
            bmsLogin is not null && bmsLogin.Result.PerSecond >= 0.9 * bound));
        var reauth = Find("re-authorization");
        var reauthServer = reauth?.Result.ServerPercentile(99);
        goals.Add(new Goal("re-authorization p99 server time at 16 users", "< 25 ms",
            reauth is null ? "not measured"
                : reauthServer is null ? $"no Server-Timing (client-side p99 {reauth.Result.Percentile(99):0.0} ms)"
                : $"{reauthServer:0.0} ms (as the load generator saw it: {reauth.Result.Percentile(99):0.0} ms)",
            reauthServer < 25));
        foreach (var app in targets.All)
        {
            var (peak, now) = app.Memory();
            goals.Add(new Goal($"RSS of {app.Name} at the end", "< 200 MB", $"{now:0} MB (peak {peak:0} MB; {app.MemoryBreakdown()})", now > 0 && now < 200));
        }
        var errors = rows.Sum(r => r.Result.Errors);
        var failures = rows.Sum(r => r.Result.NonSuccess);
        var server = rows.Sum(r => r.Result.ServerErrors);
        goals.Add(new Goal("errors, non-success answers, 5xx", "0, 0, 0", $"{errors}, {failures}, {server}", errors + failures + server == 0));
    }
}
