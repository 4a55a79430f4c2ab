using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SsoSuite.Bms.Accounts;

namespace SsoSuite.Bms.Employees;

/// <summary>Home &gt; Employees &gt; New Employee (seed 000): a user of the admin's tenant, who changes the password at first login.</summary>
public sealed class NewModel(EmployeeDirectory employees) : PageModel
{
    [BindProperty] public NewEmployeeForm Form { get; set; } = new() { UserType = nameof(BmsUserType.Employee) };
    [TempData] public string? Notice { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var change = await employees.CreateAsync(User.TenantId(), User.UserId(), Form, HttpContext.RequestAborted);
        if (!change.Succeeded)
        {
            ModelState.AddModelError($"{nameof(Form)}.{change.Field}", change.Error!);
            return Page();
        }
        Notice = change.Notice;
        return RedirectToPage("/Employees/Index");
    }
}
