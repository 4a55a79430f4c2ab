using Microsoft.Extensions.Options;
using SsoSuite.Shared.Hosting;

namespace SsoSuite.Identity.Emails;

public static class EmailsSetup
{
    /// <summary>Mail (SMTP, or the mail folder without an SMTP host) and the verification of account emails (SPEC rule 16).</summary>
    public static WebApplicationBuilder AddEmailVerification(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<MailOptions>().Bind(builder.Configuration.GetSection(MailOptions.Section))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<MailOptions>, MailOptionsProblems>();
        builder.Services.AddOptions<EmailVerificationOptions>().Bind(builder.Configuration.GetSection(EmailVerificationOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // Development never mails anyone: the demo's messages land in the mail folder, which ./run prints.
        var toFolder = builder.Environment.IsDevelopment();
        builder.Services.AddSingleton<IMailSender>(services =>
        {
            var options = services.GetRequiredService<IOptions<MailOptions>>();
            if (options.Value.UsesSmtp && !toFolder)
            {
                return ActivatorUtilities.CreateInstance<SmtpMailSender>(services);
            }
            var folder = Path.GetFullPath(options.Value.Folder ?? "mail", services.GetRequiredService<DataFolder>().Path);
            var logger = services.GetRequiredService<ILogger<MailFolder>>();
            if (toFolder)
            {
                logger.LogInformation("Development: mail is written to {Folder}", folder);
            }
            else
            {
                logger.LogWarning("No Mail:Host is set: mail is written to {Folder} and reaches nobody", folder);
            }
            return new MailFolder(folder, services.GetRequiredService<TimeProvider>(), logger);
        });
        builder.Services.AddScoped<EmailVerification>();
        return builder;
    }

    /// <summary>Each problem of the mail settings in its own words, so a bad setting stops the app saying which.</summary>
    private sealed class MailOptionsProblems : IValidateOptions<MailOptions>
    {
        public ValidateOptionsResult Validate(string? name, MailOptions options) =>
            options.Problems().ToList() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
