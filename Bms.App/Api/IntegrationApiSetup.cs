using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using SsoSuite.Bms.Accounts;

namespace SsoSuite.Bms.Api;

/// <summary>SPEC rule 12: the integration REST API (token, companies, mapping options) and its OpenAPI document.</summary>
public static class IntegrationApiSetup
{
    public const string Policy = "IntegrationApi";

    public static WebApplicationBuilder AddIntegrationApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ApiOptions>().Bind(builder.Configuration.GetSection(ApiOptions.Section))
            .Validate(o => o.TokenLifetime > TimeSpan.Zero && o.TokenLifetime <= TimeSpan.FromDays(1),
                "Api:TokenLifetime must be positive and at most one day.")
            .ValidateOnStart();
        builder.Services.AddScoped<ApiTokens>();
        builder.Services.AddScoped<TokenEndpoint>();
        // Request bodies are checked against their DataAnnotations before a handler runs (a 400 validation problem).
        builder.Services.AddValidation();
        // A body that cannot be bound is a bare 400 (the service defaults), which ApiProblems gives a problem body.
        builder.Services.AddSingleton<TokenRateLimits>();
        builder.Services.AddAuthentication()
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, BearerAuthenticationHandler>(
                BearerAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policy, p => p.AddAuthenticationSchemes(BearerAuthenticationHandler.SchemeName).RequireAuthenticatedUser());
        // A named policy next to the accounts' global limiter (which leaves /api alone).
        builder.Services.AddOptions<TokenRateLimitOptions>().Bind(builder.Configuration.GetSection(TokenRateLimitOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<RateLimiterOptions>()
            .Configure<IOptions<TokenRateLimitOptions>>((o, limits) =>
                o.AddPolicy(TokenAddressRateLimitPolicy.Name, new TokenAddressRateLimitPolicy(limits)));
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Kaseya BMS integration API";
            document.Info.Description =
                "Get a short-lived bearer token with POST /api/v1/auth/token (tenant, username, password and a current " +
                "TOTP code of an Employee user with MFA configured), then call the other endpoints with it.";
            return Task.CompletedTask;
        }));
        return builder;
    }

    public static WebApplication MapIntegrationApi(this WebApplication app)
    {
        app.MapOpenApi();
        var api = app.MapGroup("/api/v1").DisableAntiforgery().WithTags("Integration API");

        api.MapPost("/auth/token", (TokenRequest request, HttpContext http, TokenEndpoint endpoint) => endpoint.HandleAsync(request, http))
            .AllowAnonymous()
            .RequireRateLimiting(TokenAddressRateLimitPolicy.Name)
            .Produces<TokenResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithName("GetToken")
            .WithSummary("Get a bearer token")
            .WithDescription("Exchanges tenant, username, password and a current TOTP code for a short-lived bearer token. " +
                "Only active Employee users with MFA configured may get one (API users cannot configure MFA, so they cannot). " +
                "Failed attempts count towards the account lockout shared with the sign-in page.");

        var secured = api.MapGroup("").RequireAuthorization(Policy);
        secured.MapGet("/companies", CompanyEndpoints.ListAsync)
            .Produces<CompanyPage>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithName("ListCompanies")
            .WithSummary("List companies")
            .WithDescription("The token's tenant's customer companies, by name, a page at a time (page ≥ 1, pageSize 1..100, default 50).");
        secured.MapGet("/companies/{id}", CompanyEndpoints.GetAsync)
            .Produces<CompanyItem>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithName("GetCompany")
            .WithSummary("Get one company")
            .WithDescription("A company of the token's tenant by id; any other id is 404.");
        secured.MapGet("/mapping/options", CompanyEndpoints.MappingOptionsAsync)
            .Produces<MappingOption[]>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithName("MappingOptions")
            .WithSummary("Company mapping options")
            .WithDescription("The tenant's active companies as id and name: what a mapping screen's Refresh Options loads.");
        return app;
    }
}
