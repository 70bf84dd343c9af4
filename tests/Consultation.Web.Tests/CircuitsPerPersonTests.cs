using Consultation.Web.Hosting;

namespace Consultation.Web.Tests;

public sealed class CircuitsPerPersonTests
{
    private readonly CircuitsPerPerson _circuits = new();

    [Fact]
    public void A_person_may_open_circuits_up_to_the_cap_and_no_more()
    {
        Assert.True(_circuits.TryOpen("ada", "c1", cap: 2));
        Assert.True(_circuits.TryOpen("ada", "c2", cap: 2));

        Assert.False(_circuits.TryOpen("ada", "c3", cap: 2));
        Assert.Equal(2, _circuits.OpenFor("ada"));
    }

    [Fact]
    public void Another_person_is_counted_apart()
    {
        _circuits.TryOpen("ada", "c1", cap: 1);

        Assert.True(_circuits.TryOpen("grace", "c2", cap: 1));
        Assert.Equal(1, _circuits.OpenFor("grace"));
    }

    [Fact]
    public void Closing_a_circuit_frees_its_place_once()
    {
        _circuits.TryOpen("ada", "c1", cap: 2);
        _circuits.TryOpen("ada", "c2", cap: 2);

        _circuits.Close("c1");
        _circuits.Close("c1");
        _circuits.Close("never-opened");

        Assert.Equal(1, _circuits.OpenFor("ada"));
        Assert.True(_circuits.TryOpen("ada", "c3", cap: 2));
        Assert.False(_circuits.TryOpen("ada", "c4", cap: 2));
    }

    [Fact]
    public void A_refused_circuit_is_not_counted_and_closing_it_frees_nothing()
    {
        _circuits.TryOpen("ada", "c1", cap: 1);
        Assert.False(_circuits.TryOpen("ada", "refused", cap: 1));

        _circuits.Close("refused");

        Assert.Equal(1, _circuits.OpenFor("ada"));
    }

    [Fact]
    public void The_same_circuit_opened_twice_counts_once()
    {
        _circuits.TryOpen("ada", "c1", cap: 2);
        _circuits.TryOpen("ada", "c1", cap: 2);

        Assert.Equal(1, _circuits.OpenFor("ada"));
    }
}
