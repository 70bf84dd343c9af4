using System.Text;
using Bunit;
using Microsoft.JSInterop;

namespace Consultation.Web.Tests;

/// <summary>
/// The browser's side of a long text field (wwwroot/js/long-text.js) for bUnit: the module watches and unwatches
/// textareas, and "read" hands over whatever <see cref="TextInTheBrowser"/> the test set last.
/// </summary>
public static class LongTextInTheBrowser
{
    public static JSRuntimeInvocationHandler<IJSStreamReference> FakeLongTextModule(this BunitJSInterop js)
    {
        var module = js.SetupModule(i => i.Arguments.FirstOrDefault() is string path && path.EndsWith("js/long-text.js", StringComparison.Ordinal));
        module.SetupVoid("watch", _ => true).SetVoidResult();
        module.SetupVoid("unwatch", _ => true).SetVoidResult();
        var read = module.Setup<IJSStreamReference>("read", _ => true);
        read.SetResult(new TextInTheBrowser(""));
        return read;
    }
}

/// <summary>The text as the browser's module hands it over: UTF-8 bytes behind a stream reference.</summary>
public sealed class TextInTheBrowser(string text) : IJSStreamReference
{
    private readonly byte[] _bytes = Encoding.UTF8.GetBytes(text);

    public bool Opened { get; private set; }

    public long Length => _bytes.Length;

    public ValueTask<Stream> OpenReadStreamAsync(long maxAllowedSize = 512000, CancellationToken cancellationToken = default)
    {
        // As Blazor's own reference does: a stream longer than the caller allows is refused before any byte moves.
        if (Length > maxAllowedSize) throw new ArgumentOutOfRangeException(nameof(maxAllowedSize));
        Opened = true;
        return ValueTask.FromResult<Stream>(new MemoryStream(_bytes, writable: false));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
