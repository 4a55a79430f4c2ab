using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SsoSuite.Bms.Accounts;

namespace SsoSuite.Bms.Employees;

/// <summary>Home &gt; Employees &gt; an employee: edit, deactivate or reactivate, reset MFA (BMS admins, own tenant only).</summary>
public sealed class EditModel(EmployeeDirectory employees) : PageModel
{
    [BindProperty] public EmployeeForm Form { get; set; } = new();
    public BmsUser Employee { get; private set; } = null!;
    public string? Error { get; private set; }
    [TempData] public string? Notice { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        Form = EmployeeForm.Of(Employee);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        return Done(await employees.UpdateAsync(User.TenantId(), User.UserId(), Employee, Form, HttpContext.RequestAborted));
    }

    public Task<IActionResult> OnPostDeactivateAsync(Guid id) =>
        ActAsync(id, user => employees.SetActiveAsync(User.TenantId(), User.UserId(), user, active: false, HttpContext.RequestAborted));

    public Task<IActionResult> OnPostReactivateAsync(Guid id) =>
        ActAsync(id, user => employees.SetActiveAsync(User.TenantId(), User.UserId(), user, active: true, HttpContext.RequestAborted));

    public Task<IActionResult> OnPostResetMfaAsync(Guid id) =>
        ActAsync(id, user => employees.ResetMfaAsync(User.TenantId(), User.UserId(), user, HttpContext.RequestAborted));

    private async Task<IActionResult> ActAsync(Guid id, Func<BmsUser, Task<EmployeeChange>> act)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        var change = await act(Employee);
        if (!change.Succeeded)
        {
            // The buttons carry no fields: the form shows what is stored.
            ModelState.Clear();
            Form = EmployeeForm.Of(Employee);
        }
        return Done(change);
    }

    private IActionResult Done(EmployeeChange change)
    {
        if (!change.Succeeded)
        {
            if (string.IsNullOrEmpty(change.Field))
            {
                Error = change.Error;
            }
            else
            {
                ModelState.AddModelError($"{nameof(Form)}.{change.Field}", change.Error!);
            }
            return Page();
        }
        Notice = change.Notice;
        return RedirectToPage("/Employees/Index");
    }

    /// <summary>Only users of the admin's own tenant: any other id does not exist here.</summary>
    private async Task<bool> LoadAsync(Guid id)
    {
        Employee = (await employees.FindAsync(User.TenantId(), id, HttpContext.RequestAborted))!;
        return Employee is not null;
    }
}
