#pragma once
// The common face of every insole source (TCP WiFi boards, serial boards, UDP frames, replay):
// a worker QObject that lives on its own thread (see DeviceThread), creates its sockets or ports
// in start(), and hands decoded frames to a bounded FrameQueue. Statistics are readable from any
// thread. Errors are reported once through errorOccurred() and the stats' lastError; a source
// keeps trying to (re)connect until stopped.
#include "insolepose/Tactile.h"
#include "insolepose/Time.h"

#include <QObject>
#include <QString>

#include <array>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <vector>

namespace insolepose::devices {

enum class LinkState { Stopped, Waiting, Connected, Reconnecting, Failed };
const char* linkStateName(LinkState s);

struct FootStats {
    bool connected = false;
    std::uint64_t frames = 0;
    std::uint64_t lost = 0; ///< Frames missing from the sequence numbers.
    double frameRate_hz = 0.0; ///< Over the last second.
    double interval_ms = 0.0; ///< Mean time between frames over the last second.
    double jitter_ms = 0.0; ///< Standard deviation of that interval.
    /// Delivery latency above the fastest frame seen: from device timestamps where the board
    /// sends them, else from the board's sampling clock reconstructed from sequence numbers.
    double latency_ms = 0.0;
    TimeNs lastFrame_ns = 0; ///< Host time of the newest frame.
};

struct SourceStats {
    QString name;
    LinkState state = LinkState::Stopped;
    FootPair<FootStats> feet;
    std::uint64_t resyncs = 0; ///< Times the decoder skipped garbage.
    std::uint64_t discardedBytes = 0;
    std::uint64_t dropped = 0; ///< Frames dropped because the queue was full.
    std::uint64_t reconnects = 0;
    /// Connections closed at once (TCP: every slot held by a board).
    std::uint64_t refusedConnections = 0;
    /// Frames that were well formed but not taken: a second connection claiming a board that is
    /// connected, a UDP datagram from a sender not allowed, a duplicate or an insane sequence jump.
    std::uint64_t rejected = 0;
    QString lastError;
};

/// A bounded, thread-safe queue of frames from sources to their consumer. When full it drops
/// the oldest frame and counts it (the newest data is the most useful live).
class FrameQueue {
public:
    explicit FrameQueue(std::size_t capacity = 4096) : m_capacity(capacity) {}
    /// Returns false when an old frame had to be dropped to make room.
    bool push(TactileFrame frame);
    /// Takes everything queued.
    std::vector<TactileFrame> drain();
    /// Waits up to `timeout_ms` for a frame, then drains.
    std::vector<TactileFrame> waitAndDrain(int timeout_ms);
    std::uint64_t dropped() const { return m_dropped.load(); }
    std::size_t capacity() const { return m_capacity; }

private:
    const std::size_t m_capacity;
    std::mutex m_mutex;
    std::condition_variable m_ready;
    std::deque<TactileFrame> m_frames;
    std::atomic<std::uint64_t> m_dropped{0};
};

class InsoleSource : public QObject {
    Q_OBJECT
public:
    InsoleSource(QString name, std::shared_ptr<FrameQueue> queue, QObject* parent = nullptr);
    ~InsoleSource() override;

    /// A copy of the statistics; safe from any thread.
    SourceStats stats() const;

public Q_SLOTS:
    virtual void start() = 0;
    virtual void stop() = 0;

Q_SIGNALS:
    void stateChanged(int state, const QString& message);
    void errorOccurred(const QString& message);

protected:
    /// Stamps and queues one frame; updates the foot's statistics.
    void publish(TactileFrame frame);
    void setState(LinkState s, const QString& message = {});
    void setConnected(Foot foot, bool connected);
    void reportError(const QString& message);
    void addLost(Foot foot, std::uint64_t n);
    void setDecoderStats(std::uint64_t resyncs, std::uint64_t discardedBytes);
    void countReconnect();
    void countRefusedConnection();
    void countRejected();

private:
    mutable std::mutex m_statsMutex;
    SourceStats m_stats;
    FootPair<std::deque<TimeNs>> m_recent; ///< Arrival times over the last second.
    struct ClockFit {
        bool started = false;
        TimeNs firstHost_ns = 0;
        std::uint32_t firstSequence = 0;
        double minOffset_ms = 1e300;
        double period_ms = 0.0; ///< Sampling period estimated from the frames before this one.
        int outliers = 0; ///< Consecutive frames whose latency was not believable.
    };
    FootPair<ClockFit> m_clock;
    std::shared_ptr<FrameQueue> m_queue;
};

} // namespace insolepose::devices
