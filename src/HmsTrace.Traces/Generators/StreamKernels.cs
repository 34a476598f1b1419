namespace HmsTrace.Traces.Generators;

/// <summary>
/// The kernels of the STREAM benchmark (McCalpin), over arrays a, b and c. Each iteration runs the
/// selected kernels in this order; each element of a kernel reads its sources, then writes its
/// destination.
/// </summary>
[Flags]
public enum StreamKernels
{
    /// <summary>No kernel.</summary>
    None = 0,

    /// <summary><c>c[i] = a[i]</c>: read a, write c.</summary>
    Copy = 1,

    /// <summary><c>b[i] = s · c[i]</c>: read c, write b.</summary>
    Scale = 2,

    /// <summary><c>c[i] = a[i] + b[i]</c>: read a, read b, write c.</summary>
    Add = 4,

    /// <summary><c>a[i] = b[i] + s · c[i]</c>: read b, read c, write a.</summary>
    Triad = 8,

    /// <summary>All four, as STREAM runs them.</summary>
    All = Copy | Scale | Add | Triad,
}
