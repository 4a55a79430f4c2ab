using System.ComponentModel.DataAnnotations;
using SsoSuite.Bms.Accounts;
using SsoSuite.Shared.Forms;

namespace SsoSuite.Bms.Employees;

/// <summary>What an admin enters for an employee on Edit; every field is checked before anything is stored.</summary>
public class EmployeeForm : IValidatableObject
{
    [Required(ErrorMessage = "Enter a first name.")]
    [StringLength(BmsUser.NameMaxLength, ErrorMessage = "The first name is too long (100 characters at most).")]
    [NoTextDirectionControls(ErrorMessage = "The first name must not contain text-direction control characters.")]
    public string? FirstName { get; set; }

    [Required(ErrorMessage = "Enter a last name.")]
    [StringLength(BmsUser.NameMaxLength, ErrorMessage = "The last name is too long (100 characters at most).")]
    [NoTextDirectionControls(ErrorMessage = "The last name must not contain text-direction control characters.")]
    public string? LastName { get; set; }

    [Required(ErrorMessage = "Enter an email address.")]
    [EmailAddress(ErrorMessage = "Enter a valid email address.")]
    [StringLength(256, ErrorMessage = "The email address is too long.")]
    public string? Email { get; set; }

    [Required(ErrorMessage = "Choose a user type.")]
    public string? UserType { get; set; }

    [Display(Name = "BMS admin")]
    public bool IsAdmin { get; set; }

    /// <summary>The form as the stored user fills it.</summary>
    public static EmployeeForm Of(BmsUser user) => new()
    {
        FirstName = user.FirstName, LastName = user.LastName, Email = user.Email,
        UserType = user.UserType.ToString(), IsAdmin = user.IsAdmin,
    };

    // Methods, not properties: model validation reads every property, and these only make sense once it passed.

    /// <summary>The chosen user type, once validation passed.</summary>
    public BmsUserType ChosenType() => Enum.Parse<BmsUserType>(UserType!, ignoreCase: true);

    public string DisplayName() => $"{FirstName!.Trim()} {LastName!.Trim()}";

    public virtual IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // The display name joins both names with a space: two names of the longest length would not fit its column,
        // and the user would be refused by the store after the form passed (SPEC rule 13: a clear answer instead).
        if (FirstName is not null && LastName is not null && DisplayName().Length > BmsUser.DisplayNameMaxLength)
        {
            yield return new ValidationResult(
                $"The first and last names are too long together ({BmsUser.DisplayNameMaxLength - 1} characters at most).", [nameof(LastName)]);
        }
        // Enum.TryParse alone would take "7" or "Employee,Api": only the three names are user types.
        if (UserType is not null && !Enum.GetNames<BmsUserType>().Contains(UserType, StringComparer.OrdinalIgnoreCase))
        {
            yield return new ValidationResult("Choose Employee, ClientPortal or Api.", [nameof(UserType)]);
        }
        else if (UserType is not null && IsAdmin && ChosenType() != BmsUserType.Employee)
        {
            // Admin pages are staff pages, which only employees may use (SPEC rule 4).
            yield return new ValidationResult("Only Employee users can be BMS admins.", [nameof(IsAdmin)]);
        }
    }
}

/// <summary>New Employee: the fields of <see cref="EmployeeForm"/>, the username and the initial password.</summary>
public sealed class NewEmployeeForm : EmployeeForm
{
    [Required(ErrorMessage = "Enter a username.")]
    [RegularExpression(@"^[A-Za-z0-9._-]{1,100}$", ErrorMessage = "Use letters, digits, dots, dashes or underscores (up to 100).")]
    public string? UserName { get; set; }

    [Required(ErrorMessage = "Enter an initial password.")]
    [StringLength(200, MinimumLength = 10, ErrorMessage = "The initial password needs 10 to 200 characters.")]
    public string? Password { get; set; }
}
