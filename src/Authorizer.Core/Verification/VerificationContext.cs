using Authorizer.Core.Model;
using Authorizer.Core.Requests;

namespace Authorizer.Core.Verification;

internal sealed record VerificationContext(AuthRequest Request, ApiSettings Settings, DateTimeOffset Now);
