using System;
using System.Text;

namespace Containarium.Core.Validation
{
    /// <summary>Reads the SSH wire encoding (RFC 4251 §5: uint32 length + bytes) of a public-key blob; returns null on malformed data.</summary>
    internal sealed class SshWireReader
    {
        private readonly byte[] _data;
        private int _pos;

        public SshWireReader(byte[] data) => _data = data;

        public bool AtEnd => _pos == _data.Length;

        public byte[]? ReadString()
        {
            if (_data.Length - _pos < 4) return null;
            var len = (uint)(_data[_pos] << 24 | _data[_pos + 1] << 16 | _data[_pos + 2] << 8 | _data[_pos + 3]);
            if (len > (uint)(_data.Length - _pos - 4)) return null;
            var result = new byte[len];
            Buffer.BlockCopy(_data, _pos + 4, result, 0, (int)len);
            _pos += 4 + (int)len;
            return result;
        }

        /// <summary>A string field that must be printable ASCII (key type names, curve names, FIDO application ids).</summary>
        public string? ReadAsciiString()
        {
            var bytes = ReadString();
            if (bytes == null) return null;
            foreach (var b in bytes)
                if (b < 0x21 || b > 0x7E) return null;
            return Encoding.ASCII.GetString(bytes);
        }
    }
}
