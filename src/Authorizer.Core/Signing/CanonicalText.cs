using System.Buffers;
using System.Text;

namespace Authorizer.Core.Signing;

/// <summary>
/// The text a canonicalizer writes: starts in a caller's stack buffer and moves to pooled arrays only when it
/// outgrows it. The signers turn it into a string; the verifiers hash its UTF-8 bytes without making one.
/// Pooled arrays are cleared when returned, because the text may hold signed header values.
/// </summary>
internal ref struct CanonicalText
{
    private Span<char> _chars;
    private char[]? _rented;
    private int _length;

    public CanonicalText(Span<char> initial)
    {
        _chars = initial;
        _rented = null;
        _length = 0;
    }

    public readonly int Length => _length;

    public readonly ReadOnlySpan<char> Written => _chars[.._length];

    public void Append(char c)
    {
        if (_length == _chars.Length)
        {
            Grow(1);
        }

        _chars[_length++] = c;
    }

    public void Append(scoped ReadOnlySpan<char> text)
    {
        if (text.Length > _chars.Length - _length)
        {
            Grow(text.Length);
        }

        text.CopyTo(_chars[_length..]);
        _length += text.Length;
    }

    /// <summary>Appends <paramref name="text"/> as <see cref="string.ToUpperInvariant()"/> would return it, without a copy when it is ASCII.</summary>
    public void AppendUpperInvariant(string text)
    {
        if (!Ascii.IsValid(text))
        {
            Append(text.ToUpperInvariant());
            return;
        }

        if (text.Length > _chars.Length - _length)
        {
            Grow(text.Length);
        }

        Ascii.ToUpper(text, _chars.Slice(_length, text.Length), out var written);
        _length += written;
    }

    /// <summary>The character at <paramref name="index"/> of what was written.</summary>
    public readonly char this[int index] => _chars[..Length][index];

    /// <summary>Trims white space (as <see cref="string.Trim()"/> does) off the text written since <paramref name="start"/>.</summary>
    public void TrimFrom(int start)
    {
        var region = _chars[start.._length];
        var trimmed = region.Trim();
        if (trimmed.Length == region.Length)
        {
            return;
        }

        var lead = region.Length - region.TrimStart().Length;
        region.Slice(lead, trimmed.Length).CopyTo(region);
        _length = start + trimmed.Length;
    }

    public override readonly string ToString() => new(_chars[.._length]);

    public void Dispose()
    {
        if (_rented is not null)
        {
            _chars[.._length].Clear();
            ArrayPool<char>.Shared.Return(_rented);
            _rented = null;
        }

        _chars = default;
        _length = 0;
    }

    private void Grow(int needed)
    {
        var size = Math.Max(_chars.Length * 2, _length + needed);
        var next = ArrayPool<char>.Shared.Rent(Math.Max(size, 256));
        _chars[.._length].CopyTo(next);
        if (_rented is not null)
        {
            _chars[.._length].Clear();
            ArrayPool<char>.Shared.Return(_rented);
        }

        _rented = next;
        _chars = next;
    }
}
