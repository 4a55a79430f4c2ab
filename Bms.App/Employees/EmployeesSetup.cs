namespace SsoSuite.Bms.Employees;

public static class EmployeesSetup
{
    public static WebApplicationBuilder AddEmployees(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<EmployeeDirectory>();
        return builder;
    }

    /// <summary>
    /// <c>create-tenant …</c> (see <see cref="FirstTenant"/>): returns true when the command ran (the app then exits
    /// with its code).
    /// </summary>
    public static async Task<bool> TryRunCommandAsync(WebApplication app, string[] args)
    {
        if (args.Length == 0 || args[0] != FirstTenant.Command)
        {
            return false;
        }
        await using var scope = app.Services.CreateAsyncScope();
        Environment.ExitCode = await FirstTenant.CreateAsync(scope.ServiceProvider, args, Console.Out, Console.Error);
        return true;
    }
}
