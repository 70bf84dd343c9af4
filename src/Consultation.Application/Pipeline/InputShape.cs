using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;

namespace Consultation.Application.Pipeline;

/// <summary>
/// What no validator should have to think about, checked for every request before its validators run: a reference its
/// type declares non-nullable that is null (a crafted circuit message or a bug can send one, and validators and
/// handlers rightly trust the declaration), and text that is not valid Unicode (a lone surrogate half, which .NET's
/// normalisation and encoders refuse with an exception). Found by the fuzzing suite; nested request records (an item
/// as seen, a stage of a ladder) are checked the same way.
/// </summary>
public static class InputShape
{
    public const string Required = "This is required.";
    public const string EmptyEntry = "This list has an empty entry.";
    public const string BrokenText = "This text contains a broken character (half of a Unicode surrogate pair); retype it.";

    private sealed record Member(PropertyInfo Property, bool MayBeNull, bool ElementsMayBeNull);

    private static readonly ConcurrentDictionary<Type, Member[]> Members = new();

    /// <summary>The problems, keyed by property path ("Stages[1].Name"); empty when the request is well formed.</summary>
    public static Dictionary<string, string[]> ProblemsOf(object request)
    {
        var problems = new Dictionary<string, string[]>();
        Check(request, "", problems, depth: 0);
        return problems;
    }

    private static void Check(object value, string prefix, Dictionary<string, string[]> problems, int depth)
    {
        foreach (var member in MembersOf(value.GetType()))
        {
            var path = prefix + member.Property.Name;
            var content = member.Property.GetValue(value);
            if (content is null)
            {
                if (!member.MayBeNull) problems[path] = [Required];
            }
            else if (content is string text)
            {
                if (!IsValidUnicode(text)) problems[path] = [BrokenText];
            }
            else if (content is IEnumerable items and not byte[])
            {
                var index = 0;
                foreach (var item in items)
                {
                    var itemPath = $"{path}[{index++}]";
                    if (item is null && !member.ElementsMayBeNull) problems.TryAdd(path, [EmptyEntry]);
                    else if (item is string itemText && !IsValidUnicode(itemText)) problems.TryAdd(path, [BrokenText]);
                    else if (item is not null && IsRequestPart(item.GetType()) && depth < 3) Check(item, itemPath + ".", problems, depth + 1);
                }
            }
            else if (IsRequestPart(content.GetType()) && depth < 3)
                Check(content, path + ".", problems, depth + 1);
        }
    }

    /// <summary>The records a request is made of live in this assembly, like the requests.</summary>
    private static bool IsRequestPart(Type type) => type.Assembly == typeof(InputShape).Assembly && type is { IsClass: true };

    private static Member[] MembersOf(Type type) => Members.GetOrAdd(type, t =>
    {
        // NullabilityInfoContext is not thread-safe: one per type, inside the cache's factory.
        var nullability = new NullabilityInfoContext();
        return t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.GetMethod is not null && p.Name != "EqualityContract")
            .Where(p => !p.PropertyType.IsValueType)
            .Select(p =>
            {
                var info = nullability.Create(p);
                var element = info.ElementType ?? info.GenericTypeArguments.FirstOrDefault();
                return new Member(p, info.ReadState != NullabilityState.NotNull,
                    element is null || element.Type.IsValueType || element.ReadState != NullabilityState.NotNull);
            })
            .ToArray();
    });

    private static bool IsValidUnicode(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            else if (char.IsSurrogate(text[i])) return false;
        }
        return true;
    }
}
