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
    // The fixed names and values are escaped and encoded once here rather than checked and transcoded on every call.
    private static readonly JsonEncodedText PrincipalId = JsonEncodedText.Encode("principalId"u8);
    private static readonly JsonEncodedText PolicyDocumentName = JsonEncodedText.Encode("policyDocument"u8);
    private static readonly JsonEncodedText VersionName = JsonEncodedText.Encode("Version"u8);
    private static readonly JsonEncodedText StatementName = JsonEncodedText.Encode("Statement"u8);
    private static readonly JsonEncodedText ActionName = JsonEncodedText.Encode("Action"u8);
    private static readonly JsonEncodedText EffectName = JsonEncodedText.Encode("Effect"u8);
    private static readonly JsonEncodedText ResourceName = JsonEncodedText.Encode("Resource"u8);
    private static readonly JsonEncodedText ContextName = JsonEncodedText.Encode("context"u8);
    private static readonly JsonEncodedText UsageIdentifierKey = JsonEncodedText.Encode("usageIdentifierKey"u8);
    private static readonly JsonEncodedText IsAuthorized = JsonEncodedText.Encode("isAuthorized"u8);
    private static readonly JsonEncodedText Anonymous = JsonEncodedText.Encode(AuthorizerResponses.AnonymousPrincipal);
    private static readonly JsonEncodedText Version = JsonEncodedText.Encode(PolicyDocument.CurrentVersion);
    private static readonly JsonEncodedText InvokeAction = JsonEncodedText.Encode(PolicyStatement.InvokeAction);
    private static readonly JsonEncodedText Allow = JsonEncodedText.Encode(PolicyStatement.AllowEffect);
    private static readonly JsonEncodedText Deny = JsonEncodedText.Encode(PolicyStatement.DenyEffect);
    private static readonly JsonEncodedText AppIdKey = JsonEncodedText.Encode(ContextKeys.AppId);
    private static readonly JsonEncodedText AppNameKey = JsonEncodedText.Encode(ContextKeys.AppName);
    private static readonly JsonEncodedText AppKeyKey = JsonEncodedText.Encode(ContextKeys.AppKey);
    private static readonly JsonEncodedText SchemeKey = JsonEncodedText.Encode(ContextKeys.Scheme);
    private static readonly JsonEncodedText AuthorizationIdKey = JsonEncodedText.Encode(ContextKeys.AuthorizationId);
    private static readonly JsonEncodedText DeferredKey = JsonEncodedText.Encode(ContextKeys.Deferred);
    private static readonly JsonEncodedText ErrorCodeKey = JsonEncodedText.Encode(ContextKeys.ErrorCode);
    private static readonly JsonEncodedText ErrorMessageKey = JsonEncodedText.Encode(ContextKeys.ErrorMessage);

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
            if (principal is null)
            {
                writer.WriteString(PrincipalId, Anonymous);
            }
            else
            {
                writer.WriteString(PrincipalId, principal.AppId);
            }

            writer.WriteStartObject(PolicyDocumentName);
            writer.WriteString(VersionName, Version);
            writer.WriteStartArray(StatementName);
            writer.WriteStartObject();
            writer.WriteStartArray(ActionName);
            writer.WriteStringValue(InvokeAction);
            writer.WriteEndArray();
            writer.WriteString(EffectName, principal is null ? Deny : Allow);
            writer.WriteStartArray(ResourceName);
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
                writer.WriteStartArray(ActionName);
                writer.WriteStringValue(InvokeAction);
                writer.WriteEndArray();
                writer.WriteString(EffectName, Deny);
                writer.WriteStartArray(ResourceName);
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
                writer.WriteString(UsageIdentifierKey, principal.UsagePlanKey);
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
            writer.WriteBoolean(IsAuthorized, principal is not null);
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
            writer.WriteStartObject(ContextName);
            WriteText(writer, AppIdKey, principal.AppId);
            WriteText(writer, AppNameKey, principal.AppName);
            WriteText(writer, AppKeyKey, principal.AppKey);
            WriteText(writer, SchemeKey, principal.Scheme);
            if (!string.IsNullOrEmpty(principal.AuthorizationId))
            {
                WriteText(writer, AuthorizationIdKey, principal.AuthorizationId);
            }

            if (principal.Claims is { } claims)
            {
                foreach (var (name, value) in claims)
                {
                    WriteText(writer, name, value);
                }
            }

            if (principal.DeferredScheme is { } deferred)
            {
                WriteText(writer, DeferredKey, deferred);
            }

            writer.WriteEndObject();
        }
        else if (decision.Outcome == DecisionOutcome.Deny)
        {
            writer.WriteStartObject(ContextName);
            WriteText(writer, ErrorCodeKey, decision.ErrorCode ?? ErrorCodes.NotAuthorized);
            WriteText(writer, ErrorMessageKey, decision.ErrorMessage ?? "Access denied");
            writer.WriteEndObject();
        }
    }

    // The DTO path stores each value as a JsonElement, which writes a null string as JSON null.
    private static void WriteText(Utf8JsonWriter writer, JsonEncodedText name, string? value)
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
            // The shape is fixed by this class's code and pinned byte for byte by the tests against the DTO path, so the
            // writer's per-call structure checks would only re-prove it.
            Writer = new Utf8JsonWriter(Buffer, new JsonWriterOptions { SkipValidation = true });
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
