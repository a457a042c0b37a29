using Authorizer.Core.Model;

namespace Authorizer.Management;

/// <summary>Field rules for apps; each adds a message to the errors and returns the normalized value.</summary>
internal static class AppValidation
{
    public const int MaxRoles = 10;

    public static string? Name(string? value, bool required, FieldErrors errors)
    {
        if (value is null)
        {
            if (required)
            {
                errors.Add("name", "name is required.");
            }

            return null;
        }

        var trimmed = value.Trim();
        if (trimmed.Length is 0 or > 128 || HasControl(trimmed))
        {
            errors.Add("name", "name must be 1 to 128 characters without control characters.");
            return null;
        }

        return trimmed;
    }

    public static string? Description(string? value, FieldErrors errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (value.Length > 1024 || value.Any(c => char.IsControl(c) && c is not '\n' and not '\t'))
        {
            errors.Add("description", "description must be at most 1024 characters without control characters.");
            return null;
        }

        return value;
    }

    public static AppStatus? Status(string? value, FieldErrors errors)
    {
        switch (value)
        {
            case null:
                return null;
            case "enabled":
                return AppStatus.Enabled;
            case "disabled":
                return AppStatus.Disabled;
            default:
                errors.Add("status", "status must be enabled or disabled.");
                return null;
        }
    }

    public static string StatusText(AppStatus status) => status == AppStatus.Enabled ? "enabled" : "disabled";

    public static IReadOnlyList<string>? Roles(List<string>? values, FieldErrors errors)
    {
        if (values is null)
        {
            return null;
        }

        if (values.Count > MaxRoles)
        {
            errors.Add("roles", $"at most {MaxRoles} roles.");
            return null;
        }

        var result = new List<string>();
        for (var i = 0; i < values.Count; i++)
        {
            var role = values[i];
            if (role is null || !IsRole(role))
            {
                errors.Add($"roles[{i}]", "a role is 1 to 32 lower-case letters, digits, - or _, starting with a letter.");
            }
            else if (result.Contains(role, StringComparer.Ordinal))
            {
                errors.Add($"roles[{i}]", "roles must not repeat.");
            }
            else
            {
                result.Add(role);
            }
        }

        return result;
    }

    public static string? UsagePlanKey(string? value, FieldErrors errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (value.Length > 1024 || !value.All(c => c is > ' ' and < (char)0x7f))
        {
            errors.Add("usagePlanKey", "usagePlanKey must be at most 1024 printable ASCII characters.");
            return null;
        }

        return value;
    }

    private static bool IsRole(string role) =>
        role.Length is > 0 and <= 32
        && char.IsAsciiLetterLower(role[0])
        && role.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_');

    private static bool HasControl(string value) => value.Any(char.IsControl);
}
