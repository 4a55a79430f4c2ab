using System.ComponentModel.DataAnnotations;

namespace SsoSuite.Shared.Forms;

/// <summary>
/// A name shown to others (a display name, a first or last name) holds no Unicode text-direction controls: the
/// embeddings and overrides U+202A–U+202E and the isolates U+2066–U+2069 (Unicode Bidirectional Algorithm, UAX #9).
/// HTML encoding leaves them in, and in a list of users they reorder what is shown (U+202E turns "nimda" into "admin"),
/// so one account could pass for another on the admin pages. Scripts written right to left need none of them: their
/// direction comes from the letters themselves.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NoTextDirectionControlsAttribute : ValidationAttribute
{
    public NoTextDirectionControlsAttribute()
        : base("{0} must not contain text-direction control characters.")
    {
    }

    public override bool IsValid(object? value) =>
        value is not string text || !text.Any(IsDirectionControl);

    public static bool IsDirectionControl(char c) => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';
}
