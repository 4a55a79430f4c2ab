using System.ComponentModel.DataAnnotations;

namespace SsoSuite.Identity.Emails;

/// <summary><c>EmailVerification:*</c>: how long a mailed code lives, how often one may be sent, how many guesses it takes.</summary>
public sealed class EmailVerificationOptions
{
    public const string Section = "EmailVerification";

    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00", ErrorMessage = "EmailVerification:CodeLifetime must be between 1 minute and 1 day.")]
    public TimeSpan CodeLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The least time between two mails to one account: resending cannot flood an inbox.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00", ErrorMessage = "EmailVerification:ResendAfter must be between 0 and 1 hour.")]
    public TimeSpan ResendAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Wrong guesses a code survives; then a new one must be sent (a 6-digit code is short).</summary>
    [Range(1, 20, ErrorMessage = "EmailVerification:MaxWrongAttempts must be between 1 and 20.")]
    public int MaxWrongAttempts { get; set; } = 5;
}
