#pragma once
// Wire formats of insole readout boards (docs/REFERENCE.md section 7) and their decoders.
//
// A. WiFi boards (TCP): a frame is 2051 bytes: matrix index + 11, sender id + 11 (1 left, 2 right),
//    1024 readings of a 32 x 32 matrix, each as (hi + 11, lo + 11) with reading = hi * 64 + lo,
//    then '\n'. The +11 offset keeps data bytes away from '\n', so a decoder finds the frame
//    boundary again after garbage by looking for '\n'.
// B. Serial boards: the host sends 'a'; the board answers with one matrix as
//    [index + 11][1024 x (hi + 11, lo + 11)]['\n'] (2050 bytes). The index wraps at 243.
// C. Raw uint16 frames over UDP with a configurable layout (UdpLayout).
//
// Decoders are bounded: they never hold more than two frames' worth of bytes (once drained), and
// recover every complete frame that ends at a terminator, whatever junk came before it.
#include "insolepose/Tactile.h"

#include <QByteArray>
#include <QJsonObject>

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace insolepose::devices {

inline constexpr int kBoardRows = 32;
inline constexpr int kBoardCols = 32;
inline constexpr int kBoardCells = kBoardRows * kBoardCols;
inline constexpr int kWifiFrameBytes = 2 + 2 * kBoardCells + 1; // 2051
inline constexpr int kSerialFrameBytes = 1 + 2 * kBoardCells + 1; // 2050
inline constexpr int kMatrixIndexWrap = 244; // indices 0..243
inline constexpr std::uint8_t kWireOffset = 11;

using BoardMatrix = std::array<std::uint16_t, kBoardCells>;

struct WireFrame {
    int matrixIndex = 0; ///< 0..243
    int senderId = 0; ///< 1 left, 2 right (serial: 0)
    BoardMatrix readings{};
};

QByteArray encodeWifiFrame(int matrixIndex, int senderId, const BoardMatrix& readings);
QByteArray encodeSerialFrame(int matrixIndex, const BoardMatrix& readings);

/// Splits a byte stream into frames of one kind. Feed it whatever arrives; take frames out.
/// Every complete, valid frame that ends at a '\n' comes out, also when bytes that are not a frame
/// (a frame cut short by a board reset, line noise) precede it on the same line; those bytes are
/// discarded and counted. At most one frame's bytes after the last '\n' are kept.
class FrameDecoder {
public:
    enum class Kind { Wifi, Serial };
    explicit FrameDecoder(Kind kind) : m_kind(kind) {}

    void feed(std::span<const char> bytes);
    /// The next complete, valid frame, if any.
    std::optional<WireFrame> next();

    std::uint64_t frames() const { return m_frames; }
    /// Times the decoder skipped bytes that were not a valid frame to find the next boundary.
    std::uint64_t resyncs() const { return m_resyncs; }
    std::uint64_t discardedBytes() const { return m_discarded; }
    std::size_t bufferedBytes() const { return m_buffer.size() - m_start; }

private:
    bool parse(std::span<const std::uint8_t> body, WireFrame& out) const;
    void trimOverlongTail();
    Kind m_kind;
    bool m_skipping = false; ///< The line being received lost its front (already counted as a resync).
    std::size_t m_skipFrom = 0; ///< Where that line's kept part starts.
    std::vector<std::uint8_t> m_buffer;
    std::size_t m_start = 0;
    std::uint64_t m_frames = 0, m_resyncs = 0, m_discarded = 0;
};

/// Unwraps a matrix index that counts 0..243 into a growing sequence number and counts the
/// frames skipped between consecutive ones.
class SequenceTracker {
public:
    /// Returns the sequence number for `index`; adds any gap to lost().
    std::uint32_t update(int index);
    std::uint64_t lost() const { return m_lost; }
    void reset() { m_started = false; }

private:
    bool m_started = false;
    int m_lastIndex = 0;
    std::uint32_t m_sequence = 0;
    std::uint64_t m_lost = 0;
};

/// Which cells of the board's 32 x 32 matrix an insole uses, and how to orient them.
struct InsoleMapping {
    GridSize grid = kSmallInsoleGrid; ///< 30 x 22 or 29 x 21
    int firstRow = 1;
    int firstCol = 5;
    bool flipHorizontal = true; ///< The authors' host flips the matrix left-right.

    static InsoleMapping forSize(InsoleSize size);
    /// Crops (and flips) a board matrix to the insole grid, then pads it to the model grid.
    /// Throws FormatError when the mapping does not fit the 32 x 32 matrix.
    std::vector<std::uint16_t> toModelGrid(const BoardMatrix& m) const;
    /// The inverse, used by simulators: places model-grid readings into a board matrix.
    BoardMatrix toBoard(std::span<const std::uint16_t> modelGrid, std::uint16_t fill = 0) const;
    QJsonObject toJson() const;
    static InsoleMapping fromJson(const QJsonObject& json);
};

/// Layout of a raw uint16 (little-endian) UDP datagram.
struct UdpLayout {
    int totalWords = 663;
    int sequenceWord = 0; ///< Two words, low then high; -1: no sequence number.
    int footWord = 2; ///< 0 left, 1 right; -1: every datagram is `fixedFoot`.
    Foot fixedFoot = Foot::Left;
    int dataWord = 3; ///< First reading.
    GridSize grid = kModelGrid;

    /// Throws FormatError when the fields overlap or do not fit totalWords.
    void validate() const;
    QJsonObject toJson() const;
    static UdpLayout fromJson(const QJsonObject& json);
};

struct UdpFrame {
    Foot foot = Foot::Left;
    std::optional<std::uint32_t> sequence;
    std::vector<std::uint16_t> readings; ///< grid.cellCount() values
};
/// Decodes one datagram; nothing when its size or contents do not match the layout.
std::optional<UdpFrame> decodeUdp(std::span<const char> datagram, const UdpLayout& layout);
QByteArray encodeUdp(const UdpFrame& frame, const UdpLayout& layout);

} // namespace insolepose::devices
