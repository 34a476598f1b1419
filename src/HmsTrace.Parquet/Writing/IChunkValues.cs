using HmsTrace.Parquet.Buffers;
using HmsTrace.Parquet.Format;

namespace HmsTrace.Parquet.Writing;

/// <summary>
/// The non-null values of one column chunk, seen by <see cref="ColumnChunkEncoder"/>. Implemented by structs so the
/// encoder's generic loop is specialised per value kind (no interface dispatch per value).
/// </summary>
internal interface IChunkValues
{
    int Count { get; }

    int DictionaryCount { get; }

    /// <summary>PLAIN-encoded size of the dictionary so far (what the dictionary page will hold before compression).</summary>
    long DictionaryPlainBytes { get; }

    int GetOrAddToDictionary(int index);

    void ResetDictionary();

    /// <summary>PLAIN-encoded size of value <paramref name="index"/>, in bits (booleans take one bit).</summary>
    long PlainBits(int index);

    void WritePlain(int start, int count, ByteBuffer dst);

    void WriteDelta(int start, int count, ByteBuffer dst);

    void WriteDictionary(ByteBuffer dst);

    /// <summary>
    /// Sets the chunk's minimum and maximum in <paramref name="statistics"/>. When
    /// <paramref name="dictionaryHoldsAll"/>, every value went through the dictionary, which then
    /// holds exactly the distinct values: an implementation may take the bounds from it.
    /// </summary>
    void FillStatistics(Statistics statistics, bool dictionaryHoldsAll);
}
