using Authorizer.Core.Tokens;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Authorizer.Core.Tests.Tokens;

/// <summary>Strict base64url: one accepted encoding per byte string, and the allocation-free form agrees with the array form.</summary>
public sealed class Base64UrlStrictTests
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    [Property(MaxTest = 300)]
    public Property No_other_last_character_decodes_to_the_same_bytes(byte[] bytes)
    {
        var data = bytes ?? [];
        var text = Base64UrlStrict.Encode(data);
        if (text.Length == 0)
        {
            return true.ToProperty();
        }

        var others = Alphabet.Where(c => c != text[^1]).Select(c => text[..^1] + c);
        var sameBytes = others.Where(t => Base64UrlStrict.TryDecode(t, out var decoded) && decoded.AsSpan().SequenceEqual(data)).ToList();
        return (Base64UrlStrict.TryDecode(text, out var back) && back.AsSpan().SequenceEqual(data) && sameBytes.Count == 0)
            .Label($"text={text} also accepted: {string.Join(",", sameBytes)}");
    }

    [Property(MaxTest = 300)]
    public bool The_span_form_accepts_and_decodes_exactly_what_the_array_form_does(string text)
    {
        var input = text ?? string.Empty;
        var arrayOk = Base64UrlStrict.TryDecode(input, out var fromArray);
        var buffer = new byte[Base64UrlStrict.DecodedLength(input.Length) + 3];
        var spanOk = Base64UrlStrict.TryDecode(input, buffer, out var written);
        return arrayOk == spanOk && (!arrayOk || buffer.AsSpan(0, written).SequenceEqual(fromArray));
    }

    [Theory]
    [InlineData("QQ", true)]
    [InlineData("QR", false)]
    [InlineData("QUI", true)]
    [InlineData("QUJ", false)]
    [InlineData("QQ==", false)]
    [InlineData("Q", false)]
    [InlineData("Q+8", false)]
    [InlineData("Q Q", false)]
    public void Padding_other_alphabets_and_stray_bits_are_refused(string text, bool accepted) =>
        Assert.Equal(accepted, Base64UrlStrict.TryDecode(text, out _));
}
