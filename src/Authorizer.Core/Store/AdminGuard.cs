namespace Authorizer.Core.Store;

/// <summary>
/// What a write that may take management access away was decided on (see <see cref="IAppStore.GetAdminGuardAsync"/>):
/// the version of the app as the decision read it, so an app read as no admin cannot become one before the write
/// lands, and, when it was an admin, the admin guard's version read before the check looked for another admin.
/// </summary>
/// <param name="AppVersion">The app's version as read; the write fails with <see cref="StoreConflictException"/> when it changed.</param>
/// <param name="AdminGuard">
/// The admin guard as read before the check, or null when the app was no admin: the write then leaves the guard
/// alone. The write fails with <see cref="AdminGuardConflictException"/> when the guard moved.
/// </param>
public readonly record struct AppWriteCondition(long AppVersion, long? AdminGuard);
