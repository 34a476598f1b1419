namespace HmsTrace.Parquet;

/// <summary>How the writer encodes the values of one column (a hint: the writer may fall back to PLAIN).</summary>
public enum ParquetColumnEncoding
{
    /// <summary>
    /// Dictionary encoding (a PLAIN dictionary page, RLE_DICTIONARY data pages) while it pays off and the dictionary
    /// stays under <see cref="ParquetWriterOptions.DictionarySizeLimitBytes"/>; PLAIN for the rest of the column chunk
    /// after that. Booleans are always PLAIN.
    /// </summary>
    Dictionary = 0,

    /// <summary>PLAIN only.</summary>
    Plain = 1,

    /// <summary>DELTA_BINARY_PACKED: for sorted or slowly changing INT32 / INT64 columns (timestamps, counters).</summary>
    DeltaBinaryPacked = 2,
}
