// The studio's time controller without a window (plain QCoreApplication): play at a speed, speed
// clamping, loop wrapping, stepping exactly to the next/previous timestamp of the chosen stream,
// jumps, end-of-range stop and the disabled state.
#include "PlaybackClock.h"

#include <QCoreApplication>
#include <QSignalSpy>
#include <QTest>

#include <map>

using namespace insolepose;

namespace {

/// Streams as plain vectors: the left insole at 70 ms, a camera at 33 ms, labels at 2 s and 5 s.
class FakeStreams : public PlaybackStreams {
public:
    std::map<StepStream, std::vector<TimeNs>> times;
    std::vector<TimeNs> labels;

    std::size_t sampleCount(StepTarget t) const override
    {
        if (t.stream == StepStream::Camera && t.camera != 0)
            return 0;
        const auto it = times.find(t.stream);
        return it == times.end() ? 0 : it->second.size();
    }
    TimeNs sampleTime(StepTarget t, std::size_t i) const override { return times.at(t.stream).at(i); }
    std::vector<TimeNs> labelStarts_ns() const override { return labels; }
};

constexpr TimeNs kStart = 1000 * kNsPerMs; // the session starts at 1 s
constexpr TimeNs kEnd = 11000 * kNsPerMs; // and ends at 11 s

} // namespace

class TestPlaybackClock : public QObject {
    Q_OBJECT
    FakeStreams m_streams;

    std::unique_ptr<PlaybackClock> makeClock()
    {
        auto clock = std::make_unique<PlaybackClock>();
        clock->setStreams(&m_streams);
        clock->setEnabled(true);
        clock->setRange(kStart, kEnd);
        return clock;
    }

private Q_SLOTS:
    void initTestCase()
    {
        for (TimeNs t = kStart; t <= kEnd; t += 70 * kNsPerMs)
            m_streams.times[StepStream::LeftInsole].push_back(t);
        for (TimeNs t = kStart + 5 * kNsPerMs; t <= kEnd; t += 33 * kNsPerMs)
            m_streams.times[StepStream::Camera].push_back(t);
        m_streams.labels = {kStart + 5 * kNsPerSecond, kStart + 2 * kNsPerSecond, kStart};
    }

    void rangeAndCursorClamp()
    {
        auto clock = makeClock();
        QCOMPARE(clock->cursor_ns(), kStart);
        QSignalSpy moved(clock.get(), &PlaybackClock::cursorChanged);
        clock->setCursor(kEnd + kNsPerSecond);
        QCOMPARE(clock->cursor_ns(), kEnd);
        clock->setCursor(0);
        QCOMPARE(clock->cursor_ns(), kStart);
        QCOMPARE(moved.count(), 2);
        QCOMPARE(moved.last()[0].toLongLong(), kStart);
    }

    void playOneSecondAtTwiceTheSpeedAdvancesTwoSeconds()
    {
        auto clock = makeClock();
        QSignalSpy playing(clock.get(), &PlaybackClock::playingChanged);
        clock->setSpeed(2.0);
        clock->setCursor(kStart + kNsPerSecond);
        clock->tick(kNsPerSecond); // paused: nothing moves
        QCOMPARE(clock->cursor_ns(), kStart + kNsPerSecond);
        clock->play();
        QVERIFY(clock->isPlaying());
        QCOMPARE(playing.count(), 1);
        QCOMPARE(playing[0][0].toBool(), true);
        for (int i = 0; i < 4; ++i)
            clock->tick(250 * kNsPerMs);
        QCOMPARE(clock->cursor_ns(), kStart + 3 * kNsPerSecond);
        clock->togglePlay();
        QVERIFY(!clock->isPlaying());
        QCOMPARE(playing.count(), 2);
        QCOMPARE(playing[1][0].toBool(), false);
    }

    void speedIsClamped()
    {
        auto clock = makeClock();
        QSignalSpy changed(clock.get(), &PlaybackClock::speedChanged);
        clock->setSpeed(10);
        QCOMPARE(clock->speed(), 4.0);
        clock->setSpeed(0.01);
        QCOMPARE(clock->speed(), 0.1);
        clock->setSpeed(0.5);
        QCOMPARE(clock->speed(), 0.5);
        QCOMPARE(changed.count(), 3);
        clock->setSpeed(0.5); // unchanged: no signal
        QCOMPARE(changed.count(), 3);
    }

    void loopWraps()
    {
        auto clock = makeClock();
        const TimeNs a = kStart + 4 * kNsPerSecond, b = a + kNsPerSecond / 2;
        QSignalSpy loopChanged(clock.get(), &PlaybackClock::loopChanged);
        clock->setLoop(std::make_pair(a, b));
        QCOMPARE(loopChanged.count(), 1);
        clock->setCursor(a);
        clock->play();
        clock->tick(400 * kNsPerMs);
        QCOMPARE(clock->cursor_ns(), a + 400 * kNsPerMs);
        clock->tick(300 * kNsPerMs); // 200 ms past the loop's end: wraps to 200 ms after its start
        QCOMPARE(clock->cursor_ns(), a + 200 * kNsPerMs);
        QVERIFY(clock->isPlaying());
        // A cursor before the loop jumps to its start.
        clock->setCursor(kStart);
        clock->tick(10 * kNsPerMs);
        QCOMPARE(clock->cursor_ns(), a);
        // Without the loop, playing on from there just advances.
        clock->setLoop(std::nullopt);
        QCOMPARE(loopChanged.count(), 2);
        clock->tick(kNsPerSecond);
        QCOMPARE(clock->cursor_ns(), a + kNsPerSecond);
    }

    void endOfRangeStopsPlay()
    {
        auto clock = makeClock();
        clock->setCursor(kEnd - 100 * kNsPerMs);
        clock->play();
        clock->tick(kNsPerSecond);
        QCOMPARE(clock->cursor_ns(), kEnd);
        QVERIFY(!clock->isPlaying());
        // Play at the end starts again from the start.
        clock->play();
        QVERIFY(clock->isPlaying());
        clock->tick(0);
        QCOMPARE(clock->cursor_ns(), kStart);
    }

    void stepLandsExactlyOnTheChosenStream()
    {
        auto clock = makeClock();
        const auto& left = m_streams.times[StepStream::LeftInsole];
        const auto& cam = m_streams.times[StepStream::Camera];
        clock->setStepStream({StepStream::LeftInsole});
        clock->setCursor(left[100] + kNsPerMs); // between two insole frames
        clock->play();
        clock->stepFrame(+1);
        QVERIFY(!clock->isPlaying()); // a step pauses
        QCOMPARE(clock->cursor_ns(), left[101]);
        clock->stepFrame(-1);
        QCOMPARE(clock->cursor_ns(), left[100]);
        clock->stepFrame(-1);
        QCOMPARE(clock->cursor_ns(), left[99]);
        // Along the camera a step is one camera frame.
        clock->setStepStream({StepStream::Camera, 0});
        QCOMPARE(clock->stepStream(), (StepTarget{StepStream::Camera, 0}));
        const TimeNs from = clock->cursor_ns();
        std::size_t c = 0;
        while (c + 1 < cam.size() && cam[c + 1] <= from)
            ++c;
        clock->stepFrame(+1);
        QCOMPARE(clock->cursor_ns(), cam[c + 1]);
        clock->stepFrame(+1);
        QCOMPARE(clock->cursor_ns(), cam[c + 2]);
        clock->stepFrame(-1);
        QCOMPARE(clock->cursor_ns(), cam[c + 1]);
        // Before the first sample, a step forward goes to it; the last sample is the end of steps.
        clock->setCursor(kStart);
        clock->stepFrame(+1);
        QCOMPARE(clock->cursor_ns(), cam[0]);
        clock->setCursor(kEnd);
        clock->stepFrame(+1);
        QCOMPARE(clock->cursor_ns(), cam.back());
        // A stream the session lacks (a second camera, no ground truth) leaves the cursor.
        clock->setStepStream({StepStream::Camera, 1});
        clock->stepFrame(+1);
        QCOMPARE(clock->cursor_ns(), cam.back());
        clock->setStepStream({StepStream::GroundTruth});
        clock->stepFrame(-1);
        QCOMPARE(clock->cursor_ns(), cam.back());
    }

    void jumps()
    {
        auto clock = makeClock();
        clock->jumpToEnd();
        QCOMPARE(clock->cursor_ns(), kEnd);
        clock->jumpToStart();
        QCOMPARE(clock->cursor_ns(), kStart);
        clock->jumpToNextLabel(); // the label at the start itself is not "next"
        QCOMPARE(clock->cursor_ns(), kStart + 2 * kNsPerSecond);
        clock->jumpToNextLabel();
        QCOMPARE(clock->cursor_ns(), kStart + 5 * kNsPerSecond);
        clock->jumpToNextLabel(); // none after the last: stays
        QCOMPARE(clock->cursor_ns(), kStart + 5 * kNsPerSecond);
    }

    void disabledIgnoresCommands()
    {
        auto clock = makeClock();
        clock->setCursor(kStart + kNsPerSecond);
        clock->play();
        clock->setEnabled(false); // e.g. live mode: playback stops
        QVERIFY(!clock->isPlaying());
        QSignalSpy moved(clock.get(), &PlaybackClock::cursorChanged);
        clock->setCursor(kStart + 3 * kNsPerSecond);
        clock->play();
        clock->stepFrame(+1);
        clock->jumpToEnd();
        clock->jumpToNextLabel();
        QVERIFY(!clock->isPlaying());
        QCOMPARE(moved.count(), 0);
        QCOMPARE(clock->cursor_ns(), kStart + kNsPerSecond);
    }
};

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    TestPlaybackClock t;
    return QTest::qExec(&t, argc, argv);
}
#include "test_playback_clock.moc"
