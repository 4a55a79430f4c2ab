using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using SsoSuite.Identity.Accounts;
using SsoSuite.Identity.Data;
using SsoSuite.Shared.Accounts;

namespace SsoSuite.Identity.Emails;

public enum CodeSendOutcome { Sent, AlreadyWaiting, TooSoon, NotSent, AlreadyVerified }

public enum CodeCheckOutcome { Verified, Malformed, Wrong, Expired, NoCode, TooManyWrong, AlreadyVerified, LockedOut }

public enum EmailChangeOutcome { Changed, Invalid, Unchanged }

/// <summary>
/// SPEC rule 16: an account's email is verified only once its owner typed back a code mailed to it. A code is sent
/// at the first sign-in with an unverified address and whenever the address changes; it is 6 random digits, stored
/// only as a salted hash, compared in constant time, single-use, dies after <see cref="EmailVerificationOptions.CodeLifetime"/>
/// on the app's clock or after <see cref="EmailVerificationOptions.MaxWrongAttempts"/> wrong guesses, and is replaced
/// at most every <see cref="EmailVerificationOptions.ResendAfter"/>. A wrong, expired or used code verifies nothing.
/// </summary>
public sealed class EmailVerification(
    IdentityDbContext db, IMailSender mail, IOptions<MailOptions> mailOptions, IOptions<EmailVerificationOptions> options,
    PasswordSignIn<K1Account> passwords, TimeProvider clock, ILogger<EmailVerification> logger)
{
    public const string VerifyPath = "/Emails/Verify";
    private const int CodeDigits = 6;

    /// <summary>After a completed sign-in: the verification page first while the email is unverified (sign-in itself is not blocked).</summary>
    public static string NextAfterSignIn(K1Account account, string returnUrl) =>
        account.EmailVerified || account.MustChangePassword ? returnUrl : VerifyPath + "?returnUrl=" + Uri.EscapeDataString(returnUrl);

    /// <summary>The code waiting for the account's current address, if any (live or not).</summary>
    public Task<EmailCode?> WaitingAsync(K1Account account, CancellationToken ct) =>
        db.Set<EmailCode>().AsNoTracking().SingleOrDefaultAsync(c => c.AccountId == account.Id && c.Email == account.Email, ct);

    /// <summary>
    /// Mails a new code to the account's address. Without <paramref name="resend"/> (opening the page) nothing is
    /// sent while a live code waits; with it (Send a new code) the live code is replaced, but not sooner than
    /// <see cref="EmailVerificationOptions.ResendAfter"/> after the last one.
    /// </summary>
    public async Task<CodeSendOutcome> SendCodeAsync(K1Account account, bool resend, CancellationToken ct)
    {
        if (account.EmailVerified)
        {
            return CodeSendOutcome.AlreadyVerified;
        }
        if (!IsAddress(account.Email))
        {
            // An address stored before it was checked as a mailbox (an older admin form, the create-admin command): no
            // code can be mailed to it, and none waits for it.
            logger.LogWarning("No verification code for account {AccountId}: its email address is not a mailbox", account.Id);
            return CodeSendOutcome.NotSent;
        }
        var now = clock.GetUtcNow();
        var settings = options.Value;
        var waiting = await db.Set<EmailCode>().SingleOrDefaultAsync(c => c.AccountId == account.Id, ct);
        if (waiting is not null)
        {
            var live = waiting.Email == account.Email && waiting.ExpiresAt > now && waiting.WrongAttempts < settings.MaxWrongAttempts;
            if (live && !resend)
            {
                return CodeSendOutcome.AlreadyWaiting;
            }
            if (now - waiting.SentAt < settings.ResendAfter)
            {
                return CodeSendOutcome.TooSoon;
            }
            db.Remove(waiting);
        }

        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Hash(salt, code);
        db.Add(new EmailCode
        {
            AccountId = account.Id,
            Email = account.Email,
            Salt = salt,
            CodeHash = hash,
            SentAt = now,
            ExpiresAt = now + settings.CodeLifetime,
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another request of the same account stored its code first: that one is on its way.
            db.ChangeTracker.Clear();
            return CodeSendOutcome.AlreadyWaiting;
        }
        if (!await mail.SendAsync(CodeMessage(account, code, settings.CodeLifetime), ct))
        {
            // Nothing waits for a code that never left: the next attempt may send at once.
            await db.Set<EmailCode>().Where(c => c.AccountId == account.Id && c.CodeHash == hash).ExecuteDeleteAsync(ct);
            return CodeSendOutcome.NotSent;
        }
        logger.LogInformation("Verification code mailed for account {AccountId}", account.Id);
        return CodeSendOutcome.Sent;
    }

    /// <summary>Checks a code typed back; on success the account's current address is verified and the code is spent.</summary>
    public async Task<CodeCheckOutcome> CheckCodeAsync(K1Account account, string? typed, CancellationToken ct)
    {
        if (account.EmailVerified)
        {
            return CodeCheckOutcome.AlreadyVerified;
        }
        var code = typed?.Replace(" ", "", StringComparison.Ordinal).Trim();
        if (code is not { Length: CodeDigits } || !code.All(char.IsAsciiDigit))
        {
            return CodeCheckOutcome.Malformed;
        }
        var waiting = await WaitingAsync(account, ct);
        if (waiting is null)
        {
            return CodeCheckOutcome.NoCode;
        }
        if (waiting.WrongAttempts >= options.Value.MaxWrongAttempts)
        {
            return CodeCheckOutcome.TooManyWrong;
        }
        var now = clock.GetUtcNow();
        if (waiting.ExpiresAt <= now)
        {
            return CodeCheckOutcome.Expired;
        }
        // SPEC rules 13 and 16: a wrong code is a counted failure of the account, like a wrong sign-in code, so that
        // asking for a new code every minute does not make guessing the address's code free (five wrong per code, then a
        // new code, for ever); a locked account checks no code until the lockout ends (the account was read by this
        // request; a lock written while the code is compared is read again below).
        if (passwords.IsLockedOut(account))
        {
            return CodeCheckOutcome.LockedOut;
        }
        // Constant time: how much of the hash matched says nothing about the code.
        if (!CryptographicOperations.FixedTimeEquals(Hash(waiting.Salt, code), waiting.CodeHash))
        {
            // Counted in the database (+1 there), so parallel guesses count each, as the sign-in lockout does.
            await db.Set<EmailCode>().Where(c => c.AccountId == account.Id && c.CodeHash == waiting.CodeHash)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.WrongAttempts, c => c.WrongAttempts + 1), ct);
            return await passwords.RecordFailureAsync(account, AccountSignIn.Channel, SignInFailure.WrongEmailCode, ct)
                ? CodeCheckOutcome.LockedOut
                : CodeCheckOutcome.Wrong;
        }
        // A right code among wrong ones sent beside it that locked the account meanwhile verifies nothing.
        if (await passwords.IsLockedOutInStoreAsync(account, ct))
        {
            return CodeCheckOutcome.LockedOut;
        }
        // Single use: only the request that deletes the code verifies; a racing second one finds none.
        var spent = await db.Set<EmailCode>()
            .Where(c => c.AccountId == account.Id && c.CodeHash == waiting.CodeHash && c.WrongAttempts < options.Value.MaxWrongAttempts)
            .ExecuteDeleteAsync(ct);
        if (spent == 0)
        {
            return CodeCheckOutcome.NoCode;
        }
        // The code proves the address it was sent to, and only while the account still has that address.
        var email = waiting.Email;
        var verified = await db.Accounts.Where(a => a.Id == account.Id && a.Email == email)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.EmailVerifiedAt, now), ct);
        if (verified == 0)
        {
            return CodeCheckOutcome.NoCode;
        }
        account.EmailVerifiedAt = now;
        db.Entry(account).Property(a => a.EmailVerifiedAt).IsModified = false;
        logger.LogInformation("Email verified for account {AccountId}", account.Id);
        return CodeCheckOutcome.Verified;
    }

    /// <summary>
    /// The account's owner gives a new address: it is unverified until its own code comes back (a code mailed to the old
    /// one verifies nothing: codes are looked up by the account's current address), a code goes to it, and the old
    /// address is told, so a stolen session cannot move the account quietly. The last code's row stays until the next is
    /// sent, so that changing the address over and over mails no more often than
    /// <see cref="EmailVerificationOptions.ResendAfter"/> (each change would otherwise mail any address typed at once).
    /// </summary>
    public async Task<(EmailChangeOutcome Outcome, CodeSendOutcome? Sent)> ChangeEmailAsync(K1Account account, string? newEmail, CancellationToken ct)
    {
        var email = newEmail?.Trim();
        if (!IsAddress(email))
        {
            return (EmailChangeOutcome.Invalid, null);
        }
        if (string.Equals(email, account.Email, StringComparison.OrdinalIgnoreCase))
        {
            return (EmailChangeOutcome.Unchanged, null);
        }
        var old = account.Email;
        var wasVerified = account.EmailVerified;
        account.Email = email!;
        account.EmailVerifiedAt = null;
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Account {AccountId} changed its email; verification starts again", account.Id);
        if (wasVerified)
        {
            await mail.SendAsync(ChangeNotice(account, old), ct);
        }
        return (EmailChangeOutcome.Changed, await SendCodeAsync(account, resend: false, ct));
    }

    /// <summary>An address a user may give: a single mailbox of reasonable length (the column holds 256).</summary>
    public static bool IsAddress(string? email) =>
        email is { Length: > 0 and <= 256 } && new EmailAddressAttribute().IsValid(email)
        && MailboxAddress.TryParse(email, out var parsed) && parsed.Address == email;

    private static byte[] Hash(byte[] salt, string code) => HMACSHA256.HashData(salt, Encoding.ASCII.GetBytes(code));

    private MimeMessage CodeMessage(K1Account account, string code, TimeSpan lifetime)
    {
        var message = Message(account.DisplayName, account.Email, "Your KaseyaOne verification code");
        message.Body = new TextPart("plain")
        {
            Text = $"""
                Hello {account.DisplayName},

                Your KaseyaOne verification code is {code}

                Enter it on the "Verify your email address" page of KaseyaOne to confirm that {account.Email} is yours.
                It expires in {lifetime.TotalMinutes:0} minutes and works once.

                If you did not sign in to KaseyaOne, ignore this mail.
                """,
        };
        return message;
    }

    private MimeMessage ChangeNotice(K1Account account, string oldEmail)
    {
        var message = Message(account.DisplayName, oldEmail, "Your KaseyaOne email address was changed");
        message.Body = new TextPart("plain")
        {
            Text = $"""
                Hello {account.DisplayName},

                The email address of your KaseyaOne account ({account.Tenant.Name} / {account.UserName}) was changed from
                this address to another one. If you did not do this, tell your KaseyaOne administrator at once.
                """,
        };
        return message;
    }

    private MimeMessage Message(string name, string to, string subject)
    {
        var message = new MimeMessage { Subject = subject, Date = clock.GetUtcNow() };
        message.From.Add(MailboxAddress.Parse(mailOptions.Value.From));
        message.To.Add(new MailboxAddress(name, to));
        return message;
    }
}
