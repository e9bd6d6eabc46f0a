// The studio as users drive it (under xvfb-run): open the demo, seek (the video shows exactly the
// frame of the cursor), step along each stream, play, loop, jump to labels, switch and reset the
// layout, compare a skeleton render with a baseline image, predict a session (and cancel), and
// live mode against the simulator with recording.
#include "insolepose/Session.h"
#include "insolepose/SessionReader.h"
#include "insolepose/live/LiveSession.h"
#include "insolepose/widgets/HeatmapWidget.h"
#include "insolepose/widgets/SkeletonView.h"
#include "StudioWindow.h"
#include "insolepose/widgets/TimelineWidget.h"
#include "insolepose/widgets/VideoPanel.h"

#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QImage>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <filesystem>
#include <random>

using namespace insolepose;
namespace fs = std::filesystem;

namespace {

QString demoModel() { return QStringLiteral(INSOLEPOSE_SOURCE_DIR "/resources/models/lite-demo.pt"); }

/// Copies the demo session so tests may write predictions and labels into it.
QString copyDemo(const QTemporaryDir& tmp, const QString& name)
{
    const fs::path to = fs::path(tmp.path().toStdString()) / name.toStdString();
    fs::copy(INSOLEPOSE_DEMO_SESSION, to, fs::copy_options::recursive);
    return QString::fromStdString(to.string());
}

/// Fraction of pixels whose colour differs by more than `tolerance` in any channel.
double differingFraction(const QImage& a, const QImage& b, int tolerance)
{
    if (a.size() != b.size())
        return 1.0;
    long differing = 0;
    for (int y = 0; y < a.height(); ++y)
        for (int x = 0; x < a.width(); ++x) {
            const QColor p = a.pixelColor(x, y), q = b.pixelColor(x, y);
            if (std::abs(p.red() - q.red()) > tolerance || std::abs(p.green() - q.green()) > tolerance ||
                std::abs(p.blue() - q.blue()) > tolerance)
                ++differing;
        }
    return double(differing) / double(a.width() * a.height());
}

} // namespace

class TestStudio : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    QString m_demo;

private Q_SLOTS:
    void initTestCase()
    {
        // Keep the user's settings out of it.
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_tmp.filePath("settings"));
        QCoreApplication::setOrganizationName("InsolePoseTest");
        QCoreApplication::setApplicationName("test_studio");
        m_demo = QStringLiteral(INSOLEPOSE_DEMO_SESSION);
    }

    void seekShowsTheRightVideoFrame()
    {
        StudioWindow win;
        win.show();
        QVERIFY(QTest::qWaitForWindowExposed(&win));
        QVERIFY(win.openSession(m_demo));
        VideoPanel* video = win.videoPanel();
        QCOMPARE(video->cameraCount(), 1);
        const auto& frames = win.session()->cameras()[0].frames;
        // Random seeks, forwards and backwards: the tile must show the frame at the cursor.
        std::mt19937 rng(5);
        for (int i = 0; i < 12; ++i) {
            const TimeNs t = win.start_ns() + TimeNs(rng() % std::uint32_t((win.end_ns() - win.start_ns()) / kNsPerMs)) * kNsPerMs;
            win.setCursor(t);
            const qint64 expected = qint64(*frames.latestAt(t));
            QCOMPARE(video->wantedFrame(0), expected);
            QTRY_COMPARE_WITH_TIMEOUT(video->shownFrame(0), expected, 5000);
        }
        // The decoded picture is the synthetic person (not black).
        const QImage img = video->shownImage(0);
        QVERIFY(!img.isNull());
        QCOMPARE(img.size(), QSize(640, 480));
        QVERIFY(img.pixelColor(320, 240) != QColor(Qt::black) || img.pixelColor(100, 400) != QColor(Qt::black));
    }

    void stepPlayLoopAndJump()
    {
        StudioWindow win;
        win.show();
        QVERIFY(QTest::qWaitForWindowExposed(&win));
        QVERIFY(win.openSession(m_demo));
        const Session& s = *win.session();
        win.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&win)); // shortcuts go to the active window
        QVERIFY(win.stepStreams().contains("left"));
        QVERIFY(win.stepStreams().contains("camera0"));

        // Step along the left insole: exactly to its next and previous timestamps.
        const auto& left = s.tactile(Foot::Left);
        win.setCursor(left.timeAt(100) + kNsPerMs);
        win.setStepStream("left");
        win.stepFrame(+1);
        QCOMPARE(win.cursor_ns(), left.timeAt(101));
        win.stepFrame(-1);
        QCOMPARE(win.cursor_ns(), left.timeAt(100));
        win.stepFrame(-1);
        QCOMPARE(win.cursor_ns(), left.timeAt(99));
        // Along the camera (30 fps) a step is a video frame.
        win.setStepStream("camera0");
        const auto& cam = s.cameras()[0].frames;
        const std::size_t c = *cam.latestAt(win.cursor_ns());
        win.stepFrame(+1);
        QCOMPARE(win.cursor_ns(), cam.timeAt(c + 1));
        QTRY_COMPARE(win.videoPanel()->shownFrame(0), qint64(c + 1));
        // Keyboard: Right steps, Home/End jump.
        QTest::keyClick(&win, Qt::Key_Right);
        QCOMPARE(win.cursor_ns(), cam.timeAt(c + 2));
        QTest::keyClick(&win, Qt::Key_Home);
        QCOMPARE(win.cursor_ns(), win.start_ns());
        QTest::keyClick(&win, Qt::Key_End);
        QCOMPARE(win.cursor_ns(), win.end_ns());

        // Next label: the start of the next action segment.
        win.jumpToStart();
        const auto& segs = s.labelTracks().front().segments();
        QVERIFY(segs.size() >= 2);
        win.jumpToNextLabel();
        QCOMPARE(win.cursor_ns(), segs[1].start_ns);

        // Play at 2x for about a second of wall time: the cursor moves about two seconds.
        win.setSpeed(2.0);
        QCOMPARE(win.speed(), 2.0);
        const TimeNs before = win.cursor_ns();
        QTest::keyClick(&win, Qt::Key_Space);
        QVERIFY(win.isPlaying());
        QTest::qWait(1000);
        QTest::keyClick(&win, Qt::Key_Space);
        QVERIFY(!win.isPlaying());
        const double moved = nsToSeconds(win.cursor_ns() - before);
        qInfo("played 1 s at 2x: cursor moved %.2f s, %.1f panel frames per second", moved, win.playbackFps());
        QVERIFY2(moved > 1.5 && moved < 2.6, qPrintable(QString::number(moved)));
        win.setSpeed(10);
        QCOMPARE(win.speed(), 4.0); // clamped to 4x

        // A loop range wraps playback.
        const TimeNs a = win.start_ns() + 10 * kNsPerSecond, b = a + kNsPerSecond / 2;
        win.setLoopRange(std::make_pair(a, b));
        win.setCursor(a);
        win.setSpeed(1.0);
        win.play();
        QTest::qWait(1300);
        win.pause();
        QVERIFY2(win.cursor_ns() >= a && win.cursor_ns() <= b, "the loop did not wrap");
        win.setLoopRange(std::nullopt);
        QVERIFY(!win.timeline()->loop());
    }

    void layoutsSwitchSaveAndReset()
    {
        {
            StudioWindow win;
            win.show();
            QVERIFY(QTest::qWaitForWindowExposed(&win));
            QCOMPARE(win.docks().size(), 3);
            for (QDockWidget* d : win.docks())
                QVERIFY(d->isVisible());
            QDockWidget* video = win.docks()[0];
            video->hide();
            win.docks()[1]->setFloating(true);
            QVERIFY(!video->isVisible());
            win.close(); // saves the layout
        }
        {
            StudioWindow win;
            win.show();
            QVERIFY(QTest::qWaitForWindowExposed(&win));
            QVERIFY2(!win.docks()[0]->isVisible(), "the saved layout was not restored");
            QVERIFY(win.docks()[1]->isFloating());
            win.resetLayout();
            for (QDockWidget* d : win.docks()) {
                QVERIFY(d->isVisible());
                QVERIFY(!d->isFloating());
            }
            win.close();
        }
    }

    void skeletonRenderMatchesBaseline()
    {
        // A fixed pose (the demo's first ground-truth frame) in a fixed-size view from a preset.
        const Session s = openSession(m_demo.toStdString());
        SkeletonView view;
        view.resize(320, 240);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setPose(s.groundTruth().pose(0));
        view.setPreset(SkeletonView::Preset::Front);
        QCoreApplication::processEvents();
        const QImage img = view.grabFramebuffer().convertToFormat(QImage::Format_RGB32);
        const QString baselineFile = QStringLiteral(INSOLEPOSE_SOURCE_DIR "/tests/baselines/skeleton_front.png");
        if (qEnvironmentVariableIsSet("INSOLEPOSE_UPDATE_BASELINES"))
            QVERIFY(img.save(baselineFile));
        const QImage baseline = QImage(baselineFile).convertToFormat(QImage::Format_RGB32);
        QVERIFY2(!baseline.isNull(), "missing baseline (run with INSOLEPOSE_UPDATE_BASELINES=1 once)");
        const double diff = differingFraction(img, baseline, 24);
        qInfo("skeleton render vs baseline: %.3f %% of pixels differ by more than 24", 100 * diff);
        QVERIFY2(diff < 0.01, qPrintable(QString::number(diff)));
        // The comparison can fail: another view of the same pose differs clearly.
        view.setPreset(SkeletonView::Preset::Side);
        QCoreApplication::processEvents();
        const QImage side = view.grabFramebuffer().convertToFormat(QImage::Format_RGB32);
        QVERIFY(differingFraction(side, baseline, 24) > 0.01);
    }

    void linkedCamerasOverlayAndErrors()
    {
        StudioWindow win;
        win.show();
        QVERIFY(QTest::qWaitForWindowExposed(&win));
        QVERIFY(win.openSession(m_demo));
        win.setCursor(win.start_ns() + 20 * kNsPerSecond);
        ViewOrbit o = win.groundTruthView()->orbit();
        o.azimuth += 40;
        win.groundTruthView()->setOrbit(o);
        QCOMPARE(win.predictionView()->orbit(), win.groundTruthView()->orbit()); // linked
        win.predictionView()->setPreset(SkeletonView::Preset::Top);
        QCOMPARE(win.groundTruthView()->orbit(), SkeletonView::presetOrbit(SkeletonView::Preset::Top));
        QVERIFY(!win.groundTruthView()->hasOverlayPose());
        win.setOverlay(true);
        QVERIFY(win.groundTruthView()->hasOverlayPose());
        win.setOverlay(false);
        QVERIFY(!win.groundTruthView()->hasOverlayPose());
        win.setErrorColouring(true);
        win.setInterpolation(true);
        QVERIFY(win.heatmap(0)->interpolated());
        QVERIFY(win.heatmap(0)->hasFrame());
    }

    void predictSessionStoresAndCancels()
    {
        const QString copy = copyDemo(m_tmp, "predict-copy");
        fs::remove_all(fs::path(copy.toStdString()) / "predictions");
        StudioWindow win;
        win.show();
        QVERIFY(win.openSession(copy));
        QVERIFY(win.session()->predictions().empty());
        QVERIFY(win.setModelFile(demoModel()));

        // Cancelled: nothing written.
        QSignalSpy finished(&win, &StudioWindow::predictionFinished);
        QVERIFY(win.predictSession());
        win.cancelPrediction();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
        QCOMPARE(finished[0][0].toBool(), false);
        QVERIFY(!fs::exists(fs::path(copy.toStdString()) / "predictions"));

        // Completed: stored, reopened, shown.
        QVERIFY(win.predictSession());
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 120000);
        QVERIFY2(finished[1][0].toBool(), qPrintable(finished[1][1].toString()));
        QCOMPARE(win.session()->predictions().size(), std::size_t(1));
        QCOMPARE(win.session()->predictions().front().name(), std::string("lite-demo"));
        win.setCursor(win.start_ns() + 30 * kNsPerSecond);
        QVERIFY(win.predictionView()->hasPose());

        // A corrupt model file is refused with its name.
        QFile bad(m_tmp.filePath("bad.pt"));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("not a model");
        bad.close();
        QVERIFY(!win.setModelFile(bad.fileName()));
        QVERIFY2(win.lastError().contains("bad.pt"), qPrintable(win.lastError()));
        QCOMPARE(win.modelFile(), demoModel()); // the working model stays
    }

    void liveModeWithSimulatorAndRecording()
    {
        StudioWindow win;
        win.show();
        QVERIFY(QTest::qWaitForWindowExposed(&win));
        QVERIFY(win.openSession(m_demo)); // the simulator streams this session's frames
        QVERIFY(win.setModelFile(demoModel()));
        win.setCliProgram(QStringLiteral(INSOLEPOSE_CLI));
        QVERIFY(win.startSimulator(14.0));
        QVERIFY(win.isLive());
        live::LiveSession* live = win.liveSession();
        QTRY_VERIFY_WITH_TIMEOUT(live->stats().received[0] > 5 && live->stats().received[1] > 5, 15000);
        QTRY_VERIFY(win.heatmap(0)->hasFrame() && win.heatmap(1)->hasFrame());

        // A camera (here the demo's video file, looped) previews in the video panel.
        QVERIFY(!win.connectCamera(m_tmp.filePath("no-such-video.mp4")));
        QVERIFY(win.connectCamera(QStringLiteral(INSOLEPOSE_DEMO_SESSION "/cameras/cam0.mp4")));
        QTRY_VERIFY_WITH_TIMEOUT(!win.videoPanel()->shownImage(0).isNull(), 10000);
        QCOMPARE(win.videoPanel()->shownImage(0).size(), QSize(640, 480));

        const fs::path rec = fs::path(m_tmp.path().toStdString()) / "live-recording";
        SessionMetadata meta;
        meta.id = "live-recording";
        meta.subjectId = "T1";
        QVERIFY(live->startRecording(rec, meta));
        QVERIFY(!live->startRecording(rec, meta)); // one recording at a time
        // 40 frames per foot at 14 Hz, then predictions arrive and are drawn.
        QSignalSpy shown(&win, &StudioWindow::livePoseShown);
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 3, 20000);
        QVERIFY(win.predictionView()->hasPose());
        QVERIFY(!win.liveLatencies_ms().empty());
        qInfo("live: %zu predictions shown, last arrival-to-screen latency %.1f ms", win.liveLatencies_ms().size(),
              win.liveLatencies_ms().back());
        QVERIFY(win.liveLatencies_ms().back() > 0 && win.liveLatencies_ms().back() < 5000);
        const auto stats = live->stats();
        QVERIFY(stats.recording);
        live->stopRecording();
        const Session recorded = openSession(rec);
        QVERIFY(recorded.tactile(Foot::Left).size() > 20);
        QVERIFY(recorded.tactile(Foot::Right).size() > 20);
        QCOMPARE(recorded.metadata().subjectId, std::string("T1"));
        QCOMPARE(recorded.cameras().size(), std::size_t(1)); // the camera was recorded too
        QVERIFY(recorded.cameras()[0].frames.size() > 30);

        win.disconnectLive();
        QVERIFY(!win.isLive());
        // Back in review mode the session shows again.
        win.setCursor(win.start_ns() + 5 * kNsPerSecond);
        QVERIFY(win.groundTruthView()->hasPose());

        // A bad URL is an error message, not a crash.
        QVERIFY(!win.connectLive("bogus://nowhere"));
        QVERIFY(win.lastError().contains("bogus"));
    }
};

int main(int argc, char** argv)
{
    SkeletonView::prepareDefaultSurfaceFormat();
    QApplication app(argc, argv);
    TestStudio t;
    return QTest::qExec(&t, argc, argv);
}
#include "test_studio.moc"
