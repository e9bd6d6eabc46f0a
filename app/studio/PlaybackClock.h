#pragma once
// The studio's one time controller: the cursor on the session clock, play/pause, speed, loop
// range and frame steps along a chosen stream. No widgets (QtCore only); the window's timer
// advances it by wall time through tick(). Reports no errors: commands it cannot carry out (no
// session, a stream without samples) leave it unchanged.
#include "insolepose/Time.h"

#include <QObject>

#include <cstddef>
#include <optional>
#include <utility>
#include <vector>

namespace insolepose {

/// The streams a frame step can move along.
enum class StepStream { LeftInsole, RightInsole, GroundTruth, Prediction, Camera };

/// One stream to step along: a kind and, for cameras, which camera.
struct StepTarget {
    StepStream stream = StepStream::LeftInsole;
    int camera = 0; ///< Only for StepStream::Camera.
    friend bool operator==(const StepTarget&, const StepTarget&) = default;
};

/// What the clock needs to know about the session's streams (implemented by the review controller;
/// tests give it plain vectors).
class PlaybackStreams {
public:
    virtual ~PlaybackStreams() = default;
    /// Number of samples of the stream; 0 when the session has none.
    virtual std::size_t sampleCount(StepTarget target) const = 0;
    /// Session-clock time of the i-th sample in time order (i < sampleCount).
    virtual TimeNs sampleTime(StepTarget target, std::size_t i) const = 0;
    /// Start times of the label segments, in any order.
    virtual std::vector<TimeNs> labelStarts_ns() const = 0;
};

/// Owns the cursor, play state, speed (0.1x to 4x), loop range and step stream; changed only
/// through its commands. Disabled (no session, live mode), it ignores every command but pause.
class PlaybackClock : public QObject {
    Q_OBJECT
public:
    using Range = std::pair<TimeNs, TimeNs>;
    static constexpr double kMinSpeed = 0.1;
    static constexpr double kMaxSpeed = 4.0;

    explicit PlaybackClock(QObject* parent = nullptr);

    /// The streams asked for steps and labels (not owned; nullptr: none).
    void setStreams(const PlaybackStreams* streams) { m_streams = streams; }
    /// A new session range: the cursor goes to its start (cursorChanged).
    void setRange(TimeNs start_ns, TimeNs end_ns);
    void setEnabled(bool enabled);
    bool isEnabled() const { return m_enabled; }

    TimeNs cursor_ns() const { return m_cursor_ns; }
    TimeNs start_ns() const { return m_start_ns; }
    TimeNs end_ns() const { return m_end_ns; }
    /// Moves the cursor, clamped to the range. Emits cursorChanged on every call (a redraw), also
    /// when the time is unchanged.
    void setCursor(TimeNs t_ns);

    void play();
    void pause();
    void togglePlay();
    bool isPlaying() const { return m_playing; }
    /// Clamped to [kMinSpeed, kMaxSpeed].
    void setSpeed(double speed);
    double speed() const { return m_speed; }
    /// While playing, a loop range wraps the cursor back to its start.
    void setLoop(std::optional<Range> range);
    std::optional<Range> loop() const { return m_loop; }

    void setStepStream(StepTarget target) { m_step = target; }
    StepTarget stepStream() const { return m_step; }
    /// Pauses, then moves to the next (direction > 0) or previous sample of the step stream.
    void stepFrame(int direction);
    void jumpToStart();
    void jumpToEnd();
    /// The start of the next label segment after the cursor, if any.
    void jumpToNextLabel();

    /// Advances a playing clock by `elapsed_ns` of wall time times the speed: a loop wraps, the
    /// end of the range stops playback.
    void tick(TimeNs elapsed_ns);

Q_SIGNALS:
    void cursorChanged(qint64 t_ns);
    void playingChanged(bool playing);
    void speedChanged(double speed);
    void loopChanged();

private:
    std::optional<std::size_t> latestSampleAt(TimeNs t_ns) const;

    const PlaybackStreams* m_streams = nullptr;
    TimeNs m_cursor_ns = 0, m_start_ns = 0, m_end_ns = 0;
    bool m_enabled = false;
    bool m_playing = false;
    double m_speed = 1.0;
    std::optional<Range> m_loop;
    StepTarget m_step;
};

} // namespace insolepose
