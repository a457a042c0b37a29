using Authorizer.Core.Model;
using Authorizer.Core.Requests;

namespace Authorizer.Core.Verification;

internal readonly record struct VerificationContext(AuthRequest Request, ApiSettings Settings, DateTimeOffset Now);
