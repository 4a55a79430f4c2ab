using System.Text.Json;
using System.Text.Json.Serialization;
using SsoSuite.Bms.Accounts;
using SsoSuite.Bms.Admin;
using SsoSuite.Shared.Accounts;
using SsoSuite.Shared.Mfa;

namespace SsoSuite.Bms.Api;

/// <summary>The body of <c>POST /api/v1/auth/token</c>.</summary>
public sealed record TokenRequest(string Tenant, string Username, string Password, string Code);

/// <summary>A bearer token and its lifetime in seconds.</summary>
public sealed record TokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in")] int ExpiresIn);

/// <summary>
/// <c>POST /api/v1/auth/token</c>. The body is read by hand so that any malformed input (not JSON, wrong
/// types, missing or oversized fields, wrong content type) is a 400/415 problem, never an exception.
/// </summary>
public sealed class TokenEndpoint(
    UserSignIn signIn, PasswordSignIn<BmsUser> passwords, TotpAuthenticator<BmsUser> authenticator, ApiTokens tokens, TokenRateLimits limits, AuditLog audit,
    ILogger<TokenEndpoint> logger)
{
    public const int MaxFieldLength = 200;
    private const int MaxBodyBytes = 8 * 1024;
    private const string Channel = "API token";
    /// <summary>One title for every credential failure: which part was wrong is not told (SPEC rule 13).</summary>
    public const string InvalidCredentials = "Invalid tenant, username, password or code.";
    public const string TokenRequirements =
        "A token needs an active Employee user with MFA configured (My Profile > Configure MFA), its password and a " +
        "current code from its authenticator. Repeated failures lock the user for a while.";

    private static readonly string[] Fields = ["tenant", "username", "password", "code"];

    public async Task<IResult> HandleAsync(HttpContext http)
    {
        var ct = http.RequestAborted;
        var (request, error) = await ReadAsync(http.Request, ct);
        if (request is null)
        {
            return error!;
        }
        if (!limits.TryAcquire(request.Tenant, request.Username))
        {
            return TokenRateLimits.TooManyRequests();
        }

        var check = await signIn.CheckPasswordAsync(request.Tenant, request.Username, request.Password, Channel, ct);
        var user = check.Account;
        // SPEC rule 13: every refusal up to the code looks the same to the caller (one 401, one title, one
        // detail saying what a token needs), so it tells no stranger whether the tenant or user exists, is
        // locked, or that the password was right. The audit keeps the real reason for the tenant's admins.
        var refusal = check.Outcome switch
        {
            PasswordOutcome.Failed => "wrong password",
            PasswordOutcome.LockedOut => "locked out",
            PasswordOutcome.Inactive => "inactive user",
            _ when user is null => "unknown user",
            _ when user.UserType == BmsUserType.Api => "API user",
            _ when user.UserType != BmsUserType.Employee => $"{user.UserType} user",
            _ when !user.MfaConfigured => "MFA not configured",
            _ => null,
        };
        if (refusal is not null || user is null)
        {
            if (user is not null)
            {
                await audit.RecordAsync(user.TenantId, user.Id, AuditActions.ApiToken,
                    check.Outcome == PasswordOutcome.Failed ? AuditOutcomes.Failed : AuditOutcomes.Refused, refusal, ct);
            }
            return Unauthorized();
        }

        var outcome = await authenticator.VerifyAsync(user, request.Code, ct);
        if (outcome != TotpOutcome.Accepted)
        {
            var reason = outcome == TotpOutcome.Replayed ? "replayed code" : "wrong code";
            await passwords.RecordFailureAsync(user, Channel, reason, ct);
            await audit.RecordAsync(user.TenantId, user.Id, AuditActions.ApiToken, AuditOutcomes.Failed, reason, ct);
            return Unauthorized();
        }

        await passwords.ResetFailuresAsync(user, ct);
        var token = await tokens.IssueAsync(user, ct);
        await audit.RecordAsync(user.TenantId, user.Id, AuditActions.ApiToken, AuditOutcomes.Succeeded,
            $"issued for {(int)tokens.Lifetime.TotalSeconds} s", ct);
        logger.LogInformation("API token issued to user {UserId}", user.Id);
        http.Response.Headers.CacheControl = "no-store";
        return Results.Ok(new TokenResponse(token, "Bearer", (int)tokens.Lifetime.TotalSeconds));
    }

    private static IResult Unauthorized() => Results.Problem(statusCode: StatusCodes.Status401Unauthorized,
        title: InvalidCredentials, detail: TokenRequirements);

    private static IResult BadRequest(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The request body is not valid.", detail: detail);

    /// <summary>Reads and validates the JSON body; exactly one of the results is non-null.</summary>
    internal static async Task<(TokenRequest? Request, IResult? Error)> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (!request.HasJsonContentType())
        {
            return (null, Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "The body must be JSON.", detail: "Send Content-Type: application/json."));
        }
        if (request.ContentLength > MaxBodyBytes)
        {
            return (null, BadRequest("The body is too large."));
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBodyBytes)
            {
                return (null, BadRequest("The body is too large."));
            }
        }
        if (buffer.Length == 0)
        {
            return (null, BadRequest("The body is empty; send a JSON object with tenant, username, password and code."));
        }

        var bytes = buffer.ToArray();
        // JsonDocument checks UTF-8 inside strings only when they are read: check it all first.
        if (!System.Text.Unicode.Utf8.IsValid(bytes))
        {
            return (null, BadRequest("The body is not valid UTF-8."));
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException)
        {
            return (null, BadRequest("The body is not valid JSON."));
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, BadRequest("The body must be a JSON object with tenant, username, password and code."));
            }
            var values = new Dictionary<string, string>();
            var errors = new Dictionary<string, string[]>();
            foreach (var field in Fields)
            {
                var property = document.RootElement.EnumerateObject()
                    .FirstOrDefault(p => string.Equals(p.Name, field, StringComparison.OrdinalIgnoreCase));
                var problem = property.Value.ValueKind switch
                {
                    JsonValueKind.Undefined or JsonValueKind.Null => "This field is required.",
                    not JsonValueKind.String => "This field must be a string.",
                    _ when string.IsNullOrWhiteSpace(property.Value.GetString()) => "This field is required.",
                    _ when property.Value.GetString()!.Length > MaxFieldLength => $"At most {MaxFieldLength} characters.",
                    _ => null,
                };
                if (problem is null)
                {
                    values[field] = property.Value.GetString()!;
                }
                else
                {
                    errors[field] = [problem];
                }
            }
            if (errors.Count > 0)
            {
                return (null, Results.ValidationProblem(errors, title: "The request body is not valid."));
            }
            return (new TokenRequest(values["tenant"], values["username"], values["password"], values["code"]), null);
        }
    }
}
