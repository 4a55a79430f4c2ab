namespace SsoSuite.Identity.Emails;

/// <summary>What the email verification says, for each outcome.</summary>
public static class EmailMessages
{
    public static string Sent(string email) => $"We sent a 6-digit code to {email}. Enter it here to verify the address.";
    public static string Waiting(string email) => $"A 6-digit code was sent to {email}. Enter it here to verify the address.";
    public static string Resent(string email) => $"A new code was sent to {email}. Earlier codes no longer work.";
    public const string TooSoon = "A code was sent less than a minute ago. Wait a moment before asking for another.";
    public const string NotSent = "The mail could not be sent. Try Send a new code in a moment.";
    public const string Verified = "Your email address is verified.";
    public const string Malformed = "Enter the 6 digits of the code from the mail.";
    public const string Wrong = "That code is not right. Check the latest mail and try again.";
    public const string Expired = "That code has expired. Send a new code.";
    public const string NoCode = "No code is waiting for this address. Send a new code.";
    public const string TooManyWrong = "Too many wrong codes. Send a new code.";
    public const string InvalidAddress = "Enter a valid email address (up to 256 characters).";
    public const string SameAddress = "That is already your email address.";

    public static string Of(CodeCheckOutcome outcome) => outcome switch
    {
        CodeCheckOutcome.Verified or CodeCheckOutcome.AlreadyVerified => Verified,
        CodeCheckOutcome.Malformed => Malformed,
        CodeCheckOutcome.Wrong => Wrong,
        CodeCheckOutcome.Expired => Expired,
        CodeCheckOutcome.TooManyWrong => TooManyWrong,
        CodeCheckOutcome.LockedOut => Accounts.SignInMessages.LockedOut,
        _ => NoCode,
    };

    public static string Of(CodeSendOutcome outcome, string email, bool resend) => outcome switch
    {
        CodeSendOutcome.Sent => resend ? Resent(email) : Sent(email),
        CodeSendOutcome.AlreadyWaiting => Waiting(email),
        CodeSendOutcome.TooSoon => TooSoon,
        CodeSendOutcome.AlreadyVerified => Verified,
        _ => NotSent,
    };

    public static bool IsProblem(CodeSendOutcome outcome) => outcome is CodeSendOutcome.TooSoon or CodeSendOutcome.NotSent;
}
