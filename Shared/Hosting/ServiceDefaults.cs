using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SsoSuite.Shared.Data;

namespace SsoSuite.Shared.Hosting;

/// <summary>
/// What both apps do alike: logging, metrics and traces (<see cref="TelemetryOptions"/>), the data folder
/// (<see cref="HostingOptions"/>), Data Protection, health checks, anti-forgery and temp-data cookie names, security headers
/// and error pages.
/// </summary>
public static class ServiceDefaults
{
    public const string HealthPath = "/health";

    /// <param name="cookiePrefix">
    /// Browsers share cookies across ports of one host, so every cookie of each app carries the
    /// app's own prefix; otherwise the two apps on localhost would overwrite each other's cookies.
    /// </param>
    /// <param name="serviceName">The app in metrics and traces (<c>service.name</c>) and the prefix of its own counters.</param>
    public static WebApplicationBuilder AddServiceDefaults(
        this WebApplicationBuilder builder, string applicationName, string cookiePrefix, string serviceName)
    {
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        builder.AddTelemetry(serviceName);

        builder.Services.AddOptions<HostingOptions>().Bind(builder.Configuration)
            .Validate(o => IsFolderPath(o.DataFolder), "DataFolder must be a folder path.")
            .Validate(o => IsFolderPath(o.DataProtection.KeysFolder), "DataProtection:KeysFolder must be a folder path.")
            .ValidateOnStart();
        builder.Services.AddSingleton(services => DataFolder.Create(
            services.GetRequiredService<IOptions<HostingOptions>>().Value, services.GetRequiredService<IHostEnvironment>()));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHostedService<IdleMemoryTrim>();

        // Keys protect cookies, anti-forgery tokens and secrets at rest (TOTP secrets, signing keys). On PostgreSQL
        // every instance shares the key ring in the database; on SQLite it sits in the data folder (or
        // DataProtection:KeysFolder).
        var dataProtection = builder.Services.AddDataProtection().SetApplicationName(applicationName);
        // Read here, not from the validated options: Data Protection is set up before the container that would give them.
        if (KeyRingCertificate.From(builder.Configuration.GetSection("DataProtection").Get<HostingOptions.DataProtectionSettings>())
            is { } certificate)
        {
            // The key ring at rest (the data folder's files, or the database's table) holds every key that protects
            // cookies and secrets; with a certificate, each key is stored encrypted to it, so a copy of the files or
            // the table alone opens nothing. Keys written before stay readable.
            dataProtection.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        }
        var connectionString = builder.Configuration.GetConnectionString("Default");
        if (DataStore.IsPostgresConnectionString(connectionString))
        {
            // The app's store (DataStore, resolved once by the app), so that the key ring shares the store's pool.
            builder.Services.AddDbContext<KeyRingDbContext>((services, options) =>
                options.UseNpgsql(services.GetRequiredService<DataStore>().ConnectionString,
                    o => o.MigrationsHistoryTable(KeyRingDbContext.MigrationsHistoryTable)));
            dataProtection.PersistKeysToDbContext<KeyRingDbContext>();
            builder.Services.AddSingleton<IStoreStartupStep, KeyRingStartup>();
        }
        else
        {
            builder.Services.AddOptions<KeyManagementOptions>().Configure<DataFolder, IOptions<HostingOptions>, ILoggerFactory>(
                (keys, dataFolder, hosting, logs) => keys.XmlRepository = new FileSystemXmlRepository(
                    new DirectoryInfo(hosting.Value.DataProtection.KeysFolder is { Length: > 0 } configured
                        ? configured
                        : Path.Combine(dataFolder.Path, "keys")), logs));
        }

        builder.AddTransport();
        builder.Services.AddHealthChecks();
        builder.Services.AddProblemDetails();
        // A body a minimal API cannot bind (malformed JSON, a wrong type) is a plain 400 in every environment: Development
        // would otherwise throw it to the developer page, exception text and stack trace included, logged as unhandled.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = false);
        builder.Services.AddAntiforgery(o => o.Cookie.Name = cookiePrefix + ".antiforgery");
        builder.Services.Configure<CookieTempDataProviderOptions>(o => o.Cookie.Name = cookiePrefix + ".tempdata");
        return builder;
    }

    /// <summary>
    /// The feature folders' Razor Pages: pages live beside their feature (<c>Accounts/Login.cshtml</c>), not under
    /// a Pages folder; <paramref name="conventions"/> says which folders need which policy.
    /// </summary>
    public static WebApplicationBuilder AddFeaturePages(this WebApplicationBuilder builder, Action<PageConventionCollection> conventions)
    {
        builder.Services.AddRazorPages(pages =>
        {
            pages.RootDirectory = "/";
            conventions(pages.Conventions);
        }).AddMvcOptions(mvc => mvc.ModelBinderProviders.Insert(0, new YesOrNoBinding()));
        return builder;
    }

    /// <summary>
    /// The pipeline both apps share, in its order: the Host check, error pages and security headers, then static
    /// files, routing, rate limits, authentication and authorization. Call first.
    /// <paramref name="first"/> adds middleware that answers some requests from memory ahead of everything but the
    /// Host check (its answers add the security headers themselves).
    /// <paramref name="aheadOfRouting"/> adds middleware that answers some requests with the transport, error pages,
    /// security headers and request checks already in place, but before routing and authentication.
    /// </summary>
    public static WebApplication UseServiceDefaults(
        this WebApplication app, Action<IApplicationBuilder>? first = null, Action<IApplicationBuilder>? aheadOfRouting = null)
    {
        // The settings first, before the pipeline resolves anything that reads them (the data folder, the key ring): a bad
        // one stops the start with its own message (StartFailureException), before the host would log it with a stack trace.
        app.Services.GetService<IStartupValidator>()?.Validate();
        // Ahead of everything, since everything may read Request.Host, which throws on a Host that is not a host name.
        app.UseMiddleware<WellFormedHost>();
        first?.Invoke(app);
        var hosting = app.Services.GetRequiredService<IOptions<HostingOptions>>().Value;
        if (hosting.Diagnostics.ServerTiming)
        {
            app.UseServerTiming();
        }
        app.UseTransport();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error");
        }
        // The error page reads the status from the re-execution itself (ErrorPageModel), never from a query.
        app.UseStatusCodePagesWithReExecute("/Error");
        app.Use(ApiProblems.InvokeAsync);
        app.Use(static (context, next) =>
        {
            context.Response.OnStarting(static state =>
            {
                AddSecurityHeaders(((HttpContext)state).Response.Headers);
                return Task.CompletedTask;
            }, context);
            return next(context);
        });
        // After the status-code pages, so that a refused page request gets the error page.
        app.UseMiddleware<WellFormedRequests>();
        aheadOfRouting?.Invoke(app);
        app.UseStaticFiles();
        app.UseRouting();
        // Rate limits after routing (policies are per endpoint), ahead of the sign-in work they protect.
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    /// <summary>
    /// CSP Level 3: scripts, styles, frames and connections from this origin only (the pages have no inline
    /// script or style), images also as data: URIs (the enrolment QR code), no plugins, no framing.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

    /// <summary>The headers every answer carries; also for answers served ahead of the pipeline (cached metadata).</summary>
    public static void AddSecurityHeaders(IHeaderDictionary headers)
    {
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "same-origin";
        // Pages are framable by nobody unless an endpoint says otherwise (front-channel logout).
        if (!headers.ContainsKey("Content-Security-Policy"))
        {
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
        }
    }

    /// <summary>The health check and the feature folders' pages.</summary>
    public static WebApplication MapServiceDefaults(this WebApplication app)
    {
        app.MapHealthChecks(HealthPath);
        app.MapRazorPages();
        return app;
    }

    private static bool IsFolderPath(string? path) =>
        path is null || (!string.IsNullOrWhiteSpace(path) && path.IndexOfAny(Path.GetInvalidPathChars()) < 0);
}

/// <summary>The settings every app reads the same way: where its data lives, and opt-in diagnostics.</summary>
public sealed class HostingOptions
{
    /// <summary>The folder of the SQLite file and the key ring; default: App_Data under the content root.</summary>
    public string? DataFolder { get; set; }
    public DataProtectionSettings DataProtection { get; set; } = new();
    public DiagnosticsSettings Diagnostics { get; set; } = new();

    public sealed class DataProtectionSettings
    {
        /// <summary>Shared storage for the key ring when several instances run; default: the data folder's keys.</summary>
        public string? KeysFolder { get; set; }

        /// <summary>A PKCS#12 file (with its private key) that the key ring is encrypted to at rest; none by default.</summary>
        public string? Certificate { get; set; }

        /// <summary>The password of <see cref="Certificate"/>, if it has one.</summary>
        public string? CertificatePassword { get; set; }
    }

    public sealed class DiagnosticsSettings
    {
        /// <summary>Server-Timing on every response (it tells callers how long work took, so off unless asked).</summary>
        public bool ServerTiming { get; set; }
    }
}

/// <summary>Where an app keeps its SQLite file and key ring: <c>DataFolder</c>, else App_Data under the content root.</summary>
public sealed record DataFolder(string Path)
{
    public static DataFolder Create(HostingOptions options, IHostEnvironment environment)
    {
        var path = options.DataFolder is { Length: > 0 } configured
            ? System.IO.Path.GetFullPath(configured, environment.ContentRootPath)
            : System.IO.Path.Combine(environment.ContentRootPath, "App_Data");
        try
        {
            Directory.CreateDirectory(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Resolved while the pipeline is built: the message has to name the setting.
            throw new StartFailureException(
                $"DataFolder {path} cannot be created: {e.Message} Set DataFolder to a folder the app may create and write.", e);
        }
        return new DataFolder(path);
    }

    /// <summary>
    /// The SQLite connection string, with a relative <c>Data Source</c> placed in the data folder so
    /// that the database does not depend on the directory the app was started from.
    /// </summary>
    public string SqliteConnectionString(string? configured, string defaultFile)
    {
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(
            string.IsNullOrWhiteSpace(configured) ? $"Data Source={defaultFile}" : configured);
        if (builder.DataSource != ":memory:" && builder.Mode != Microsoft.Data.Sqlite.SqliteOpenMode.Memory
            && !System.IO.Path.IsPathRooted(builder.DataSource))
        {
            builder.DataSource = System.IO.Path.Combine(Path, builder.DataSource);
        }
        return builder.ToString();
    }
}
