using System.Buffers;
using System.Text.Json;
using Authorizer.Core.Decisions;
using Authorizer.Core.Requests;
using Authorizer.Functions.Events;

namespace Authorizer.Functions.Responses;

/// <summary>
/// Writes the policy or simple response straight to UTF-8, byte for byte what serializing
/// <see cref="AuthorizerResponses.ToIamPolicy"/> / <see cref="AuthorizerResponses.ToSimpleResponse"/> gives, without
/// building the response objects: the hot path allocates only the final array.
/// </summary>
internal static class ResponseWriter
{
    [ThreadStatic]
    private static ScratchWriter? _scratch;

    /// <summary>Same bytes as <c>SerializeToUtf8Bytes(AuthorizerResponses.ToIamPolicy(decision, target))</c>.</summary>
    public static byte[] IamPolicy(AuthDecision decision, ApiTarget target)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(target);
        var principal = AllowedPrincipal(decision);

        var scratch = Rent();
        try
        {
            var writer = scratch.Writer;
            writer.WriteStartObject();
            writer.WriteString("principalId"u8, principal is null ? AuthorizerResponses.AnonymousPrincipal : principal.AppId);
            writer.WriteStartObject("policyDocument"u8);
            writer.WriteString("Version"u8, PolicyDocument.CurrentVersion);
            writer.WriteStartArray("Statement"u8);
            writer.WriteStartObject();
            writer.WriteStartArray("Action"u8);
            writer.WriteStringValue(PolicyStatement.InvokeAction);
            writer.WriteEndArray();
            writer.WriteString("Effect"u8, principal is null ? PolicyStatement.DenyEffect : PolicyStatement.AllowEffect);
            writer.WriteStartArray("Resource"u8);
            if (principal is null)
            {
                writer.WriteStringValue(target.Arn);
            }
            else
            {
                foreach (var resource in decision.Resources)
                {
                    writer.WriteStringValue(resource);
                }
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            if (principal is not null && decision.DeniedResources.Count > 0)
            {
                writer.WriteStartObject();
                writer.WriteStartArray("Action"u8);
                writer.WriteStringValue(PolicyStatement.InvokeAction);
                writer.WriteEndArray();
                writer.WriteString("Effect"u8, PolicyStatement.DenyEffect);
                writer.WriteStartArray("Resource"u8);
                foreach (var resource in decision.DeniedResources)
                {
                    writer.WriteStringValue(resource);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            WriteContext(writer, decision, principal);
            if (principal is not null && !string.IsNullOrEmpty(principal.UsagePlanKey))
            {
                writer.WriteString("usageIdentifierKey"u8, principal.UsagePlanKey);
            }

            writer.WriteEndObject();
            return scratch.ToArray();
        }
        finally
        {
            scratch.Clear();
        }
    }

    /// <summary>Same bytes as <c>SerializeToUtf8Bytes(AuthorizerResponses.ToSimpleResponse(decision))</c>.</summary>
    public static byte[] SimpleResponse(AuthDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var principal = AllowedPrincipal(decision);

        var scratch = Rent();
        try
        {
            var writer = scratch.Writer;
            writer.WriteStartObject();
            writer.WriteBoolean("isAuthorized"u8, principal is not null);
            WriteContext(writer, decision, principal);
            writer.WriteEndObject();
            return scratch.ToArray();
        }
        finally
        {
            scratch.Clear();
        }
    }

    private static void WriteContext(Utf8JsonWriter writer, AuthDecision decision, AuthPrincipal? principal)
    {
        if (principal is not null)
        {
            writer.WriteStartObject("context"u8);
            WriteText(writer, ContextKeys.AppId, principal.AppId);
            WriteText(writer, ContextKeys.AppName, principal.AppName);
            WriteText(writer, ContextKeys.AppKey, principal.AppKey);
            WriteText(writer, ContextKeys.Scheme, principal.Scheme);
            if (!string.IsNullOrEmpty(principal.AuthorizationId))
            {
                WriteText(writer, ContextKeys.AuthorizationId, principal.AuthorizationId);
            }

            if (principal.Claims is { } claims)
            {
                foreach (var (name, value) in claims)
                {
                    WriteText(writer, name, value);
                }
            }

            writer.WriteEndObject();
        }
        else if (decision.Outcome == DecisionOutcome.Deny)
        {
            writer.WriteStartObject("context"u8);
            WriteText(writer, ContextKeys.ErrorCode, decision.ErrorCode ?? ErrorCodes.NotAuthorized);
            WriteText(writer, ContextKeys.ErrorMessage, decision.ErrorMessage ?? "Access denied");
            writer.WriteEndObject();
        }
    }

    // The DTO path stores each value as a JsonElement, which writes a null string as JSON null.
    private static void WriteText(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    /// <summary>The principal of an Allow, null for a Deny or Unauthorized; anything else fails closed.</summary>
    private static AuthPrincipal? AllowedPrincipal(AuthDecision decision) => decision.Outcome switch
    {
        DecisionOutcome.Allow => RequireAllowPrincipal(decision),
        DecisionOutcome.Deny or DecisionOutcome.Unauthorized => null,
        _ => throw new AuthorizerFailureException(),
    };

    private static AuthPrincipal RequireAllowPrincipal(AuthDecision decision) =>
        decision.Principal is { } principal && decision.Resources.Count > 0 && !string.IsNullOrEmpty(principal.AppId)
            ? principal
            : throw new AuthorizerFailureException();

    private static ScratchWriter Rent()
    {
        var scratch = _scratch ??= new ScratchWriter();
        scratch.Writer.Reset(scratch.Buffer);
        return scratch;
    }

    /// <summary>One reusable buffer and writer per thread; the response is written synchronously, so never shared.</summary>
    private sealed class ScratchWriter
    {
        public ArrayBufferWriter<byte> Buffer { get; } = new(1024);

        public Utf8JsonWriter Writer { get; }

        public ScratchWriter()
        {
            Writer = new Utf8JsonWriter(Buffer);
        }

        public byte[] ToArray()
        {
            Writer.Flush();
            return Buffer.WrittenSpan.ToArray();
        }

        public void Clear()
        {
            Writer.Reset();
            Buffer.Clear();
        }
    }
}
