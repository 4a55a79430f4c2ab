namespace SsoSuite.Identity.Sessions;

/// <summary>Why a KaseyaOne session ended (SPEC rule 9): each one tells every client the session signed into.</summary>
public enum SessionEndCause
{
    /// <summary>The user signed out, in KaseyaOne or through a client (RP-initiated logout).</summary>
    SignOut,
    /// <summary>The user ended all their sessions (My sessions).</summary>
    SignOutEverywhere,
    /// <summary>An admin ended it (Admin Settings &gt; Users).</summary>
    AdminEnded,
    Deactivated,
    MfaReset,
    PasswordReset,
    /// <summary>The user changed their own password: their other sessions end, the one that changed it lives on.</summary>
    PasswordChanged,
    /// <summary>A new sign-in in the same browser replaced it.</summary>
    Replaced,
    /// <summary>It reached <see cref="SessionOptions.AbsoluteLifetime"/>.</summary>
    LifetimeReached,
}

public static class SessionEndCauses
{
    /// <summary>
    /// Ends that distrust the account itself rather than one browser: besides each session's own logout token, every
    /// client with a back-channel endpoint also gets a token naming only the subject (Back-Channel Logout 1.0 §2.4,
    /// sid omitted), so it ends every session of that account, including any it started from a session KaseyaOne
    /// no longer has.
    /// </summary>
    public static bool EndsTheAccountEverywhere(this SessionEndCause cause) =>
        cause is SessionEndCause.Deactivated or SessionEndCause.MfaReset or SessionEndCause.PasswordReset;

    public static string Describe(this SessionEndCause cause) => cause switch
    {
        SessionEndCause.SignOut => "signed out",
        SessionEndCause.SignOutEverywhere => "signed out everywhere",
        SessionEndCause.AdminEnded => "ended by an admin",
        SessionEndCause.Deactivated => "account deactivated",
        SessionEndCause.MfaReset => "MFA reset",
        SessionEndCause.PasswordReset => "password reset",
        SessionEndCause.PasswordChanged => "password changed in another session",
        SessionEndCause.Replaced => "replaced by a new sign-in",
        SessionEndCause.LifetimeReached => "reached its absolute lifetime",
        _ => cause.ToString(),
    };
}
