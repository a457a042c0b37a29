using System.Text;
using Authorizer.Core.Model;

namespace Authorizer.Core.Decisions;

/// <summary>
/// One route grant for one method, compiled for the decision and for the policy. In a grant path, <c>{name}</c> is
/// exactly one non-empty segment; a <c>*</c> (or <c>{name+}</c>) matches any run of characters, <c>/</c> included,
/// as API Gateway's <c>*</c> does; <c>?</c> is any one character; everything else is literal. A method of <c>*</c>
/// is one of API Gateway's methods. The language is matched against the part of an ARN after
/// <c>{apiId}/{stage}/</c>, i.e. <c>METHOD/path</c>.
/// </summary>
/// <remarks>
/// Written here rather than taken from a glob library: the decision and the policy need one language with two
/// wildcard kinds (spanning and one-segment) plus an emptiness test for the intersection of two patterns, which
/// is what proves a policy's Deny carves nothing another grant allows.
/// </remarks>
internal sealed class RoutePattern
{
    /// <summary>What a method of <c>*</c> (or <c>ANY</c>) stands for: API Gateway's own <c>ANY</c>.</summary>
    internal static readonly string[] AnyMethods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

    private readonly Element[] _elements;
    private readonly Token[] _tokens;

    private RoutePattern(Element[] elements)
    {
        _elements = elements;
        _tokens = Tokens(elements);
        Glob = BuildGlob(elements, replaced: -1, replacement: null);
        var parameters = 0;
        foreach (var element in elements)
        {
            parameters += element.IsParameter ? 1 : 0;
        }

        ParameterCount = parameters;
    }

    /// <summary>The policy pattern for <c>METHOD/path</c>: parameters written as API Gateway's <c>*</c>.</summary>
    public string Glob { get; }

    public int ParameterCount { get; }

    /// <summary>
    /// The grant's patterns, one per method. A method of <c>*</c> stays one <c>*</c> when the path begins with a
    /// spanning <c>/*</c> (then the star cannot reach further than the method segment could); otherwise it is
    /// written once per method, since <c>*/health</c> would also match <c>GET/admin/health</c>.
    /// </summary>
    public static IEnumerable<RoutePattern> Compile(RouteGrant route)
    {
        ArgumentNullException.ThrowIfNull(route);
        var path = ParsePath(route.Path);
        var anyMethod = string.IsNullOrEmpty(route.Method) || route.Method == "*" || string.Equals(route.Method, "ANY", StringComparison.OrdinalIgnoreCase);
        if (!anyMethod)
        {
            return [new RoutePattern([Element.Literal(route.Method.ToUpperInvariant()), .. path])];
        }

        if (path[0] is { IsParameter: false, Text: var first } && first.StartsWith("/*", StringComparison.Ordinal))
        {
            return [new RoutePattern([Element.Literal("*"), .. path])];
        }

        return AnyMethods.Select(method => new RoutePattern([Element.Literal(method), .. path]));
    }

    /// <summary>A grant path's policy pattern (parameters as <c>*</c>); always starts with <c>/</c>.</summary>
    public static string PathGlob(string? path) => BuildGlob(ParsePath(path), replaced: -1, replacement: null);

    /// <summary>True when <paramref name="methodAndPath"/> (<c>METHOD/path</c>) is in this grant.</summary>
    public bool Matches(ReadOnlySpan<char> methodAndPath) => Run(_tokens, methodAndPath);

    /// <summary>
    /// Patterns that, denied beside <see cref="Glob"/>, leave exactly this grant: for each parameter, the glob with
    /// that parameter holding a <c>/</c> (<c>*/*</c>) and with it empty.
    /// </summary>
    public IEnumerable<string> DenialGlobs()
    {
        for (var i = 0; i < _elements.Length; i++)
        {
            if (_elements[i].IsParameter)
            {
                yield return BuildGlob(_elements, i, "*/*");
                yield return BuildGlob(_elements, i, string.Empty);
            }
        }
    }

    /// <summary>True when some <c>METHOD/path</c> is both in this grant and matched by the policy pattern <paramref name="glob"/>.</summary>
    public bool Overlaps(string glob) => Intersects(_tokens, GlobTokens(glob));

    private static Element[] ParsePath(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "*")
        {
            return [Element.Literal("/*")];
        }

        var elements = new List<Element>();
        var literal = new StringBuilder();
        var segments = path.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            if (i == 0 && segment.Length == 0)
            {
                continue;
            }

            literal.Append('/');
            if (segment.Length > 2 && segment[0] == '{' && segment[^1] == '}')
            {
                if (segment[^2] == '+')
                {
                    literal.Append('*');
                    continue;
                }

                elements.Add(Element.Literal(literal.ToString()));
                literal.Clear();
                elements.Add(Element.Parameter);
                continue;
            }

            literal.Append(segment);
        }

        if (literal.Length > 0 || elements.Count == 0)
        {
            elements.Add(Element.Literal(literal.Length == 0 ? "/" : literal.ToString()));
        }

        return [.. elements];
    }

    private static string BuildGlob(Element[] elements, int replaced, string? replacement)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < elements.Length; i++)
        {
            builder.Append(i == replaced ? replacement : elements[i].IsParameter ? "*" : elements[i].Text);
        }

        return builder.ToString();
    }

    private static Token[] Tokens(Element[] elements)
    {
        var tokens = new List<Token>();
        foreach (var element in elements)
        {
            if (element.IsParameter)
            {
                tokens.Add(new Token(TokenKind.SegmentChar, '\0'));
                tokens.Add(new Token(TokenKind.SegmentRun, '\0'));
            }
            else
            {
                AddGlob(tokens, element.Text);
            }
        }

        return [.. tokens];
    }

    private static Token[] GlobTokens(string glob)
    {
        var tokens = new List<Token>(glob.Length);
        AddGlob(tokens, glob);
        return [.. tokens];
    }

    private static void AddGlob(List<Token> tokens, string glob)
    {
        foreach (var c in glob)
        {
            tokens.Add(c switch
            {
                '*' => new Token(TokenKind.AnyRun, '\0'),
                '?' => new Token(TokenKind.AnyChar, '\0'),
                _ => new Token(TokenKind.Char, c),
            });
        }
    }

    /// <summary>A non-deterministic run over the tokens: linear in the text times the pattern, no backtracking.</summary>
    private static bool Run(ReadOnlySpan<Token> tokens, ReadOnlySpan<char> text)
    {
        var states = tokens.Length + 1;
        Span<bool> current = states <= 256 ? stackalloc bool[states] : new bool[states];
        Span<bool> next = states <= 256 ? stackalloc bool[states] : new bool[states];
        current.Clear();
        current[0] = true;
        Close(tokens, current);
        foreach (var c in text)
        {
            next.Clear();
            var alive = false;
            for (var i = 0; i < tokens.Length; i++)
            {
                if (!current[i])
                {
                    continue;
                }

                var token = tokens[i];
                var target = token.Kind is TokenKind.AnyRun or TokenKind.SegmentRun ? i : i + 1;
                if (Accepts(token, c))
                {
                    next[target] = true;
                    alive = true;
                }
            }

            if (!alive)
            {
                return false;
            }

            Close(tokens, next);
            var swap = current;
            current = next;
            next = swap;
        }

        return current[tokens.Length];
    }

    /// <summary>Runs may match nothing: a state before a run also stands after it.</summary>
    private static void Close(ReadOnlySpan<Token> tokens, Span<bool> states)
    {
        for (var i = 0; i < tokens.Length; i++)
        {
            if (states[i] && tokens[i].IsRun)
            {
                states[i + 1] = true;
            }
        }
    }

    private static bool Accepts(Token token, char c) => token.Kind switch
    {
        TokenKind.Char => token.Value == c,
        TokenKind.SegmentChar or TokenKind.SegmentRun => c != '/',
        _ => true,
    };

    /// <summary>Whether two token languages share a string: reachability over pairs of positions.</summary>
    private static bool Intersects(Token[] a, Token[] b)
    {
        var width = b.Length + 1;
        var seen = new bool[(a.Length + 1) * width];
        var pending = new Stack<(int A, int B)>();
        pending.Push((0, 0));
        while (pending.TryPop(out var pair))
        {
            var (i, j) = pair;
            if (seen[(i * width) + j])
            {
                continue;
            }

            seen[(i * width) + j] = true;
            if (i == a.Length && j == b.Length)
            {
                return true;
            }

            if (i < a.Length && a[i].IsRun)
            {
                pending.Push((i + 1, j));
            }

            if (j < b.Length && b[j].IsRun)
            {
                pending.Push((i, j + 1));
            }

            if (i < a.Length && j < b.Length && ShareAChar(a[i], b[j]))
            {
                pending.Push((a[i].IsRun ? i : i + 1, b[j].IsRun ? j : j + 1));
            }
        }

        return false;
    }

    private static bool ShareAChar(Token x, Token y) => (x.Kind, y.Kind) switch
    {
        (TokenKind.Char, TokenKind.Char) => x.Value == y.Value,
        (TokenKind.Char, _) => Accepts(y, x.Value),
        (_, TokenKind.Char) => Accepts(x, y.Value),
        _ => true,
    };

    private readonly record struct Element(string Text, bool IsParameter)
    {
        public static readonly Element Parameter = new(string.Empty, true);

        public static Element Literal(string text) => new(text, false);
    }

    private enum TokenKind : byte
    {
        /// <summary>Exactly <see cref="Token.Value"/>.</summary>
        Char,

        /// <summary>Any one character (<c>?</c>).</summary>
        AnyChar,

        /// <summary>Any run of characters, none included (<c>*</c>).</summary>
        AnyRun,

        /// <summary>One character other than <c>/</c>: the first of a <c>{param}</c>.</summary>
        SegmentChar,

        /// <summary>Any run of characters other than <c>/</c>: the rest of a <c>{param}</c>.</summary>
        SegmentRun,
    }

    private readonly record struct Token(TokenKind Kind, char Value)
    {
        public bool IsRun => Kind is TokenKind.AnyRun or TokenKind.SegmentRun;
    }
}
