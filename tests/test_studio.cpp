// The studio as users drive it (under xvfb-run): open the demo, seek (the video shows exactly the
// frame of the cursor), step along each stream, play, loop, jump to labels, switch and reset the
// layout, compare a skeleton render with a baseline image, the window's skeletons and pressure
// maps, a session that cannot be opened (also from the command line: exit code), predict a session (and cancel), every
// shortcut listed in docs/STUDIO.md, and live mode against the simulator with recording.
#include "ActionRegistry.h"
#include "ComparisonDock.h"
#include "GaitDock.h"
#include "LabelEditor.h"
#include "LiveController.h"
#include "PlaybackClock.h"
#include "PredictionController.h"
#include "ReviewController.h"
#include "StudioWindow.h"
#include "TestUtil.h"
#include "insolepose/Session.h"
#include "insolepose/SessionReader.h"
#include "insolepose/live/LiveSession.h"
#include "insolepose/widgets/HeatmapWidget.h"
#include "insolepose/widgets/SkeletonView.h"
#include "insolepose/widgets/TimelineWidget.h"
#include "insolepose/widgets/VideoPanel.h"

#include <Eigen/Geometry>

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QLabel>
#include <QMessageBox>
#include <QProcess>
#include <QRegularExpression>
#include <QScreen>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolBar>

#include <algorithm>
#include <cmath>
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

/// Pixels that are clearly neither the background nor grey: skeleton bones and joints.
int colouredPixels(const QImage& img)
{
    int n = 0;
    for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x) {
            const QColor c = img.pixelColor(x, y);
            if (c.saturation() > 120 && c.value() > 120)
                ++n;
        }
    return n;
}

QImage grabSkeleton(SkeletonView* view)
{
    view->update();
    QCoreApplication::processEvents();
    return view->grabFramebuffer().convertToFormat(QImage::Format_RGB32);
}

bool contains(const std::vector<StepTarget>& targets, StepTarget target)
{
    return std::find(targets.begin(), targets.end(), target) != targets.end();
}

} // namespace

class TestStudio : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    QString m_demo;

private Q_SLOTS:
    void initTestCase()
    {
        test::isolateSettings(m_tmp, "test_studio");
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
        const auto& frames = win.review()->session()->cameras()[0].frames;
        // Random seeks, forwards and backwards: the tile must show the frame at the cursor.
        std::mt19937 rng(5);
        for (int i = 0; i < 12; ++i) {
            const TimeNs t =
                win.clock()->start_ns() +
                TimeNs(rng() % std::uint32_t((win.clock()->end_ns() - win.clock()->start_ns()) / kNsPerMs)) * kNsPerMs;
            win.clock()->setCursor(t);
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
        const Session& s = *win.review()->session();
        win.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&win)); // shortcuts go to the active window
        QVERIFY(contains(win.stepStreams(), StepTarget{StepStream::LeftInsole}));
        QVERIFY(contains(win.stepStreams(), StepTarget{StepStream::Camera, 0}));

        // Step along the left insole: exactly to its next and previous timestamps.
        const auto& left = s.tactile(Foot::Left);
        win.clock()->setCursor(left.timeAt(100) + kNsPerMs);
        win.setStepStream({StepStream::LeftInsole});
        win.clock()->stepFrame(+1);
        QCOMPARE(win.clock()->cursor_ns(), left.timeAt(101));
        win.clock()->stepFrame(-1);
        QCOMPARE(win.clock()->cursor_ns(), left.timeAt(100));
        win.clock()->stepFrame(-1);
        QCOMPARE(win.clock()->cursor_ns(), left.timeAt(99));
        // Along the camera (30 fps) a step is a video frame.
        win.setStepStream({StepStream::Camera, 0});
        const auto& cam = s.cameras()[0].frames;
        const std::size_t c = *cam.latestAt(win.clock()->cursor_ns());
        win.clock()->stepFrame(+1);
        QCOMPARE(win.clock()->cursor_ns(), cam.timeAt(c + 1));
        QTRY_COMPARE(win.videoPanel()->shownFrame(0), qint64(c + 1));
        // Keyboard: Right steps, Home/End jump.
        QTest::keyClick(&win, Qt::Key_Right);
        QCOMPARE(win.clock()->cursor_ns(), cam.timeAt(c + 2));
        QTest::keyClick(&win, Qt::Key_Home);
        QCOMPARE(win.clock()->cursor_ns(), win.clock()->start_ns());
        QTest::keyClick(&win, Qt::Key_End);
        QCOMPARE(win.clock()->cursor_ns(), win.clock()->end_ns());

        // Next label: the start of the next action segment.
        win.clock()->jumpToStart();
        const auto& segs = s.labelTracks().front().segments();
        QVERIFY(segs.size() >= 2);
        win.clock()->jumpToNextLabel();
        QCOMPARE(win.clock()->cursor_ns(), segs[1].start_ns);

        // Play at 2x for about a second of wall time: the cursor moves about two seconds.
        win.clock()->setSpeed(2.0);
        QCOMPARE(win.clock()->speed(), 2.0);
        const TimeNs before = win.clock()->cursor_ns();
        QTest::keyClick(&win, Qt::Key_Space);
        QVERIFY(win.clock()->isPlaying());
        QTest::qWait(1000);
        QTest::keyClick(&win, Qt::Key_Space);
        QVERIFY(!win.clock()->isPlaying());
        const double moved = nsToSeconds(win.clock()->cursor_ns() - before);
        qInfo("played 1 s at 2x: cursor moved %.2f s, %.1f panel frames per second", moved, win.playbackFps());
        QVERIFY2(moved > 1.5 && moved < 2.6, qPrintable(QString::number(moved)));
        win.clock()->setSpeed(10);
        QCOMPARE(win.clock()->speed(), 4.0); // clamped to 4x

        // A loop range wraps playback.
        const TimeNs a = win.clock()->start_ns() + 10 * kNsPerSecond, b = a + kNsPerSecond / 2;
        win.setLoopRange(std::make_pair(a, b));
        win.clock()->setCursor(a);
        win.clock()->setSpeed(1.0);
        win.clock()->play();
        QTest::qWait(1300);
        win.clock()->pause();
        QVERIFY2(win.clock()->cursor_ns() >= a && win.clock()->cursor_ns() <= b, "the loop did not wrap");
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
        win.clock()->setCursor(win.clock()->start_ns() + 20 * kNsPerSecond);
        ViewOrbit o = win.groundTruthView()->orbit();
        o.azimuth += 40;
        win.groundTruthView()->setOrbit(o);
        QCOMPARE(win.predictionView()->orbit(), win.groundTruthView()->orbit()); // linked
        win.predictionView()->setPreset(SkeletonView::Preset::Top);
        // Presets are relative to where the person faces (cameraPresetsFollowWhereThePersonFaces).
        QCOMPARE(win.groundTruthView()->orbit(), win.predictionView()->orbit());
        QCOMPARE(win.groundTruthView()->orbit().elevation,
                 SkeletonView::presetOrbit(SkeletonView::Preset::Top).elevation);
        QCOMPARE(win.groundTruthView()->orbit().distance,
                 SkeletonView::presetOrbit(SkeletonView::Preset::Top).distance);
        QVERIFY(!win.groundTruthView()->hasOverlayPose());
        win.setOverlay(true);
        QVERIFY(win.groundTruthView()->hasOverlayPose());
        win.setOverlay(false);
        QVERIFY(!win.groundTruthView()->hasOverlayPose());
        win.setErrorColouring(true);
        win.setInterpolation(true);
        QVERIFY(win.heatmap(Foot::Left)->interpolated());
        QVERIFY(win.heatmap(Foot::Left)->hasFrame());
    }

    void predictSessionStoresAndCancels()
    {
        const QString copy = copyDemo(m_tmp, "predict-copy");
        fs::remove_all(fs::path(copy.toStdString()) / "predictions");
        StudioWindow win;
        win.show();
        QVERIFY(win.openSession(copy));
        QVERIFY(win.review()->session()->predictions().empty());
        QVERIFY(win.prediction()->setModelFile(demoModel()));

        // Cancelled: nothing written.
        QSignalSpy finished(win.prediction(), &PredictionController::predictionFinished);
        QVERIFY(win.prediction()->predictSession());
        win.prediction()->cancelPrediction();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
        QCOMPARE(finished[0][0].toBool(), false);
        QVERIFY(!fs::exists(fs::path(copy.toStdString()) / "predictions"));

        // Completed: stored, reopened, shown.
        QVERIFY(win.prediction()->predictSession());
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 120000);
        QVERIFY2(finished[1][0].toBool(), qPrintable(finished[1][1].toString()));
        QCOMPARE(win.review()->session()->predictions().size(), std::size_t(1));
        QCOMPARE(win.review()->session()->predictions().front().name(), std::string("lite-demo"));
        win.clock()->setCursor(win.clock()->start_ns() + 30 * kNsPerSecond);
        QVERIFY(win.predictionView()->hasPose());

        // A corrupt model file is refused with its name.
        QFile bad(m_tmp.filePath("bad.pt"));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("not a model");
        bad.close();
        QVERIFY(!win.prediction()->setModelFile(bad.fileName()));
        QVERIFY2(win.lastError().contains("bad.pt"), qPrintable(win.lastError()));
        QCOMPARE(win.prediction()->modelFile(), demoModel()); // the working model stays
    }

    void studioShowsSkeletonAndPressure()
    {
        StudioWindow win;
        QSignalSpy opened(win.review(), &ReviewController::sessionOpened);
        win.show();
        QVERIFY(QTest::qWaitForWindowExposed(&win));
        QVERIFY(win.openSession(m_demo));
        QCOMPARE(opened.count(), 1);
        win.clock()->setCursor(win.clock()->cursor_ns() + 2 * kNsPerSecond);
        QTRY_VERIFY(win.groundTruthView()->isValid());
        QVERIFY(win.groundTruthView()->hasPose());
        QVERIFY(win.predictionView()->hasPose()); // the demo carries the demo model's predictions

        const QImage gt = grabSkeleton(win.groundTruthView());
        const QImage pred = grabSkeleton(win.predictionView());
        const int gtColoured = colouredPixels(gt);
        qInfo("skeleton view %dx%d: %d coloured pixels (prediction view: %d)", gt.width(), gt.height(), gtColoured,
              colouredPixels(pred));
        QVERIFY2(gtColoured > 300, "the skeleton did not draw");
        QVERIFY2(colouredPixels(pred) > 300, "the predicted skeleton did not draw");
        // The VTK background (not black): VTK attached to the right framebuffer.
        const QColor corner = gt.pixelColor(2, 2);
        QVERIFY2(std::abs(corner.red() - 28) <= 3 && std::abs(corner.blue() - 36) <= 3, qPrintable(corner.name()));

        // The view must be opaque (VTK leaves alpha < 1 where nothing was drawn; a grab or a
        // compositor would blend it with what lies behind).
        const QImage raw = win.groundTruthView()->grabFramebuffer();
        QCOMPARE(qAlpha(raw.pixel(3, 3)), 255);

        for (Foot f : kFeet) {
            HeatmapWidget* h = win.heatmap(f);
            QVERIFY(h->hasFrame());
            const QImage img = h->grab().toImage();
            QSet<QRgb> colours;
            for (int r = 0; r < 30; ++r)
                for (int c = 0; c < 22; ++c)
                    colours.insert(img.pixel(h->cellRect(r, c).center().toPoint()));
            QVERIFY2(colours.size() > 10, "the pressure map looks blank");
        }

        // Moving the cursor changes the skeleton (the demo squats first).
        const QImage before = gt;
        win.clock()->setCursor(win.clock()->cursor_ns() + kNsPerSecond * 3 / 2);
        const QImage after = grabSkeleton(win.groundTruthView());
        QVERIFY(before != after);
    }

    void badSessionShowsErrorAndKeepsCurrent()
    {
        StudioWindow win;
        QVERIFY(win.openSession(m_demo));
        const Session* current = win.review()->session();
        QVERIFY(!win.openSession(m_tmp.filePath("nope")));
        QVERIFY(win.lastError().contains("not a folder"));
        QVERIFY(win.lastError().contains(m_tmp.filePath("nope"))); // names the folder
        QCOMPARE(win.review()->session(), current);
    }
    /// The studio started on a session that cannot be opened says so, naming the folder, and
    /// exits 1 (with --screenshot at once, without picturing an empty window).
    void studioExitsNonZeroWhenItsSessionDoesNotOpen()
    {
        const QString missing = m_tmp.filePath("no-such-session");
        const QString png = m_tmp.filePath("never.png");
        QProcess p;
        p.start(QStringLiteral(INSOLEPOSE_STUDIO), {missing, QStringLiteral("--screenshot"), png});
        QVERIFY(p.waitForFinished(60000));
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QVERIFY2(p.exitCode() == 1, qPrintable(err));
        QVERIFY2(err.contains("cannot open session " + missing + ": " + missing + ": not a folder"), qPrintable(err));
        QVERIFY(!QFile::exists(png));
        // A bad --at is a usage error before any window opens.
        QProcess at;
        at.start(QStringLiteral(INSOLEPOSE_STUDIO),
                 {m_demo, QStringLiteral("--at"), QStringLiteral("nan"), QStringLiteral("--screenshot"), png});
        QVERIFY(at.waitForFinished(60000));
        QCOMPARE(at.exitCode(), 2);
        QVERIFY(QString::fromUtf8(at.readAllStandardError()).contains("--at 'nan'"));
        QVERIFY(!QFile::exists(png));
    }
    void docsListEveryShortcut()
    {
        StudioWindow win;
        // docs/STUDIO.md's "Keyboard" table: keys in the first column, separated by "/" or ",";
        // "Alt+1..4" stands for Alt+1 to Alt+4.
        QFile doc(QStringLiteral(INSOLEPOSE_SOURCE_DIR "/docs/STUDIO.md"));
        QVERIFY(doc.open(QIODevice::ReadOnly | QIODevice::Text));
        const QString text = QString::fromUtf8(doc.readAll());
        const qsizetype from = text.indexOf(QStringLiteral("\n## Keyboard"));
        QVERIFY(from >= 0);
        const qsizetype to = text.indexOf(QStringLiteral("\n## "), from + 1);
        const QRegularExpression range(QStringLiteral(R"(^(.*\+)(\d)\.\.(\d)$)"));
        QList<QKeySequence> documented;
        for (const QString& line : text.mid(from, to - from).split(QLatin1Char('\n'))) {
            const QString cell = line.section(QLatin1Char('|'), 1, 1).trimmed();
            if (!line.startsWith(QLatin1Char('|')) || cell == QStringLiteral("key") ||
                cell.startsWith(QLatin1Char('-')))
                continue;
            for (const QString& part : cell.split(QRegularExpression(QStringLiteral("[/,]")), Qt::SkipEmptyParts)) {
                const QString token = part.trimmed();
                if (const QRegularExpressionMatch m = range.match(token); m.hasMatch()) {
                    for (int d = m.captured(2).toInt(); d <= m.captured(3).toInt(); ++d)
                        documented << QKeySequence::fromString(m.captured(1) + QString::number(d));
                } else {
                    documented << QKeySequence::fromString(token);
                }
            }
        }
        const QList<QKeySequence> shortcuts = win.actions()->shortcuts();
        QVERIFY(shortcuts.size() >= 20);
        for (const QKeySequence& k : shortcuts)
            QVERIFY2(documented.contains(k),
                     qPrintable(k.toString() + " is missing from docs/STUDIO.md's Keyboard table"));
        // The check can fail: a key the table does not list is not found.
        QVERIFY(!documented.contains(QKeySequence(Qt::CTRL | Qt::Key_F12)));
        // Help > Keyboard shortcuts comes from the same table.
        const QString sheet = win.actions()->shortcutSheet();
        for (const QKeySequence& k : shortcuts)
            QVERIFY2(sheet.contains(k.toString(QKeySequence::NativeText)), qPrintable(k.toString()));
        // Each action is made once and reachable by its id.
        QVERIFY(win.actions()->action(QStringLiteral("playback.play")));
        QCOMPARE(win.actions()->action(QStringLiteral("playback.play"))->shortcut(), QKeySequence(Qt::Key_Space));
        QVERIFY(!win.actions()->action(QStringLiteral("no.such.action")));
    }

    void liveModeWithSimulatorAndRecording()
    {
        StudioWindow win;
        win.show();
        QVERIFY(QTest::qWaitForWindowExposed(&win));
        QVERIFY(win.openSession(m_demo)); // the simulator streams this session's frames
        QVERIFY(win.prediction()->setModelFile(demoModel()));
        win.live()->setCliProgram(QStringLiteral(INSOLEPOSE_CLI));
        QVERIFY(win.live()->startSimulator(14.0));
        QVERIFY(win.live()->isLive());
        live::LiveSession* live = win.live()->liveSession();
        QTRY_VERIFY_WITH_TIMEOUT(live->stats().received[0] > 5 && live->stats().received[1] > 5, 15000);
        QTRY_VERIFY(win.heatmap(Foot::Left)->hasFrame() && win.heatmap(Foot::Right)->hasFrame());

        // A camera (here the demo's video file, looped) previews in the video panel.
        QVERIFY(!win.live()->connectCamera(m_tmp.filePath("no-such-video.mp4")));
        QVERIFY(win.live()->connectCamera(QStringLiteral(INSOLEPOSE_DEMO_SESSION "/cameras/cam0.mp4")));
        QTRY_VERIFY_WITH_TIMEOUT(!win.videoPanel()->shownImage(0).isNull(), 10000);
        QCOMPARE(win.videoPanel()->shownImage(0).size(), QSize(640, 480));

        const fs::path rec = fs::path(m_tmp.path().toStdString()) / "live-recording";
        SessionMetadata meta;
        meta.id = "live-recording";
        meta.subjectId = "T1";
        QVERIFY(live->startRecording(rec, meta));
        QVERIFY(!live->startRecording(rec, meta)); // one recording at a time
        // 40 frames per foot at 14 Hz, then predictions arrive and are drawn.
        QSignalSpy shown(win.live(), &LiveController::livePoseShown);
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 3, 20000);
        QVERIFY(win.predictionView()->hasPose());
        QVERIFY(!win.live()->latencies_ms().empty());
        qInfo("live: %zu predictions shown, last arrival-to-screen latency %.1f ms", win.live()->latencies_ms().size(),
              win.live()->latencies_ms().back());
        QVERIFY(win.live()->latencies_ms().back() > 0 && win.live()->latencies_ms().back() < 5000);
        const auto stats = live->stats();
        QVERIFY(stats.recording);
        live->stopRecording();
        const Session recorded = openSession(rec);
        QVERIFY(recorded.tactile(Foot::Left).size() > 20);
        QVERIFY(recorded.tactile(Foot::Right).size() > 20);
        QCOMPARE(recorded.metadata().subjectId, std::string("T1"));
        QCOMPARE(recorded.cameras().size(), std::size_t(1)); // the camera was recorded too
        QVERIFY(recorded.cameras()[0].frames.size() > 30);

        win.live()->disconnectLive();
        QVERIFY(!win.live()->isLive());
        // Back in review mode the session shows again.
        win.clock()->setCursor(win.clock()->start_ns() + 5 * kNsPerSecond);
        QVERIFY(win.groundTruthView()->hasPose());

        // A bad URL is an error message, not a crash.
        QVERIFY(!win.live()->connectLive("bogus://nowhere"));
        QVERIFY(win.lastError().contains("bogus"));
    }

    // Issue 11's defects, one test each.

    void cameraPresetsFollowWhereThePersonFaces()
    {
        // A normalised pose faces +y (shoulders left-to-right along +x): azimuth 90.
        const Session s = openSession(m_demo.toStdString());
        const Pose normalised = normalizePose(s.groundTruth().pose(0));
        QVERIFY(std::abs(SkeletonView::facingAzimuth(normalised) - 90.0) < 1e-3);
        const auto dir = [](double deg) {
            return Eigen::Vector2d(std::cos(deg * M_PI / 180), std::sin(deg * M_PI / 180));
        };
        for (double turn : {0.0, 40.0, 135.0, -100.0}) {
            Pose p = normalised;
            const Eigen::AngleAxisf r(float(turn * M_PI / 180), Eigen::Vector3f::UnitZ());
            for (auto& j : p)
                j = r * j;
            const double facing = SkeletonView::facingAzimuth(p);
            const Eigen::Vector2d forward = dir(facing);
            const Eigen::Vector3f across =
                p[std::size_t(Keypoint::RightShoulder)] - p[std::size_t(Keypoint::LeftShoulder)];
            const Eigen::Vector2d right = Eigen::Vector2d(across.x(), across.y()).normalized();
            QVERIFY(forward.dot(dir(90 + turn)) > 0.9999);
            // Front: the camera stands where the person looks; side: at the right shoulder's side.
            const ViewOrbit front = SkeletonView::presetOrbit(SkeletonView::Preset::Front, facing);
            const ViewOrbit side = SkeletonView::presetOrbit(SkeletonView::Preset::Side, facing);
            QVERIFY(dir(front.azimuth).dot(forward) > 0.9999);
            QVERIFY(std::abs(dir(side.azimuth).dot(forward)) < 1e-6);
            QVERIFY(dir(side.azimuth).dot(right) > 0.9999);
            // A view applies the preset relative to its pose.
            SkeletonView view;
            view.setPose(p);
            view.setPreset(SkeletonView::Preset::Front);
            QVERIFY(dir(view.orbit().azimuth).dot(forward) > 0.9999);
        }
    }

    void errorColoursShowALegend()
    {
        SkeletonView view;
        view.resize(360, 300);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QVERIFY(!view.isErrorLegendShown());
        std::array<float, kKeypointCount> errors{};
        errors.fill(12.0f);
        view.setJointErrors(errors);
        QVERIFY(view.isErrorLegendShown());
        auto* legend = view.findChild<QWidget*>("errorLegend");
        QVERIFY(legend && legend->isVisible());
        // The colour bar runs from green (0 cm) to red (20+ cm).
        const QImage img = legend->grab().toImage();
        const QColor low = img.pixelColor(62, 10), high = img.pixelColor(legend->width() - 22, 10);
        QVERIFY2(low.green() > 200 && low.red() < 100, qPrintable(low.name()));
        QVERIFY2(high.red() > 200 && high.green() < 100, qPrintable(high.name()));
        view.setJointErrors(std::nullopt);
        QVERIFY(!view.isErrorLegendShown());
    }

    void sessionOpensWhereEveryViewHasData()
    {
        StudioWindow win;
        win.show();
        QVERIFY(win.openSession(m_demo));
        const Session& s = *win.review()->session();
        TimeNs expected = std::max(s.tactile(Foot::Left).timeAt(0), s.tactile(Foot::Right).timeAt(0));
        expected = std::max(expected, s.predictions().front().timeAt(0));
        QVERIFY(expected > win.clock()->start_ns()); // the demo's prediction starts after a window
        QCOMPARE(win.clock()->cursor_ns(), expected);
        QVERIFY(win.heatmap(Foot::Left)->hasFrame() && win.heatmap(Foot::Right)->hasFrame());
        QVERIFY(win.predictionView()->hasPose());
        QVERIFY(win.groundTruthView()->hasPose());
    }

    void timeLabelNeverShowsTheCursorPastTheEnd()
    {
        StudioWindow win;
        win.show();
        QVERIFY(win.openSession(m_demo));
        const QRegularExpression re("^([0-9.]+) / ([0-9.]+) s");
        for (TimeNs t : {win.clock()->end_ns(), win.clock()->end_ns() - kNsPerMs, win.clock()->start_ns()}) {
            win.clock()->setCursor(t);
            QString text;
            for (QLabel* l : win.findChildren<QLabel*>())
                if (re.match(l->text()).hasMatch())
                    text = l->text();
            const auto m = re.match(text);
            QVERIFY2(m.hasMatch(), qPrintable(text));
            QVERIFY2(m.captured(1).toDouble() <= m.captured(2).toDouble(), qPrintable(text));
        }
    }

    void playButtonKeepsItsWidthAsPause()
    {
        StudioWindow win;
        win.show();
        QVERIFY(win.openSession(m_demo));
        auto* transport = win.findChild<QToolBar*>("toolbar.transport");
        QVERIFY(transport);
        QWidget* play = transport->widgetForAction(win.actions()->action("playback.play"));
        QWidget* next = transport->widgetForAction(win.actions()->action("playback.stepForward"));
        QVERIFY(play && next);
        QCoreApplication::processEvents();
        const int width = play->width(), nextX = next->x();
        win.clock()->play();
        QCoreApplication::processEvents();
        QCOMPARE(win.actions()->action("playback.play")->text(), QString("Pause"));
        QCOMPARE(play->width(), width);
        QCOMPARE(next->x(), nextX);
        win.clock()->pause();
    }

    void predictSessionAsksBeforeOverwriting()
    {
        const QString copy = copyDemo(m_tmp, "overwrite-copy");
        StudioWindow win;
        win.show();
        QVERIFY(win.openSession(copy));
        QVERIFY(win.prediction()->setModelFile(demoModel()));
        QVERIFY(win.review()->session()->prediction("lite-demo"));
        const fs::path stored = fs::path(copy.toStdString()) / "predictions" / "lite-demo.npy";
        const auto before = fs::last_write_time(stored);
        QStringList asked;
        using Answer = PredictionController::ExistingPredictions;
        Answer answer = Answer::Cancel;
        win.prediction()->setExistingPredictionsQuestion([&](const QString& name) {
            asked << name;
            return answer;
        });
        // Cancel: nothing runs, nothing changes.
        QVERIFY(!win.prediction()->predictSession());
        QCOMPARE(asked, QStringList{"lite-demo"});
        QCOMPARE(fs::last_write_time(stored), before);
        // Keep both: stored under a new name, the old ones untouched.
        answer = Answer::KeepBoth;
        QSignalSpy finished(win.prediction(), &PredictionController::predictionFinished);
        QVERIFY(win.prediction()->predictSession());
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 120000);
        QVERIFY2(finished[0][0].toBool(), qPrintable(finished[0][1].toString()));
        const Session& s = *win.review()->session();
        QCOMPARE(s.predictions().size(), std::size_t(2));
        QVERIFY(s.prediction("lite-demo") && s.prediction("lite-demo-2"));
        QCOMPARE(fs::last_write_time(stored), before);
        QCOMPARE(PredictionController::freePredictionName(s, "lite-demo"), std::string("lite-demo-3"));
        QCOMPARE(PredictionController::freePredictionName(s, "other"), std::string("other"));
    }

    /// After any dialog closes, the playback and label keys work again at once (without a click
    /// into the window): the window is active again and a key steps the cursor.
    void keysWorkAfterADialogCloses()
    {
        StudioWindow win;
        win.show();
        QVERIFY(QTest::qWaitForWindowExposed(&win));
        QVERIFY(win.openSession(m_demo));
        win.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&win));
        for (const char* id : {"help.about", "edit.settings", "analysis.sync", "labels.agreement", "labels.settings",
                               "help.shortcuts"}) {
            win.clock()->jumpToStart();
            // The dialog closes as a user would close it (Escape); modal ones run their own loop.
            bool closed = false;
            QTimer::singleShot(300, &win, [&closed] {
                QWidget* dialog = QApplication::activeModalWidget();
                if (!dialog)
                    dialog = QApplication::activeWindow();
                if (dialog && dialog->inherits("QDialog")) {
                    QTest::keyClick(dialog, Qt::Key_Escape);
                    closed = true;
                }
            });
            win.actions()->action(id)->trigger();
            QTRY_VERIFY2(closed, id);
            QTRY_VERIFY2(QApplication::activeModalWidget() == nullptr, id);
            QTRY_VERIFY2_WITH_TIMEOUT(QApplication::activeWindow() == &win, id, 3000);
            QTest::keyClick(&win, Qt::Key_End);
            QVERIFY2(win.clock()->cursor_ns() == win.clock()->end_ns(), id);
        }
        // The label keys too: 1 (the first label's key) starts a segment.
        QVERIFY(!win.labelEditor()->hasPendingSegment());
        win.clock()->jumpToStart();
        QTest::keyClick(&win, Qt::Key_1);
        QVERIFY(win.labelEditor()->hasPendingSegment());
        win.labelEditor()->cancelPendingSegment();
    }

    /// Help > Keyboard shortcuts lists the active track's label keys with their labels.
    void shortcutSheetListsTheLabelKeys()
    {
        StudioWindow win;
        win.show();
        QVERIFY(QTest::qWaitForWindowExposed(&win));
        QVERIFY(win.openSession(m_demo));
        const LabelTrack& track = win.labelEditor()->tracks().at(std::size_t(win.labelEditor()->activeTrack()));
        win.actions()->action("help.shortcuts")->trigger();
        QMessageBox* box = nullptr;
        QTRY_VERIFY((box = win.findChild<QMessageBox*>()) != nullptr && box->isVisible());
        const QString sheet = box->text();
        QCOMPARE(sheet, win.shortcutSheet());
        const QString heading = QStringLiteral("Label keys (track %1)").arg(QString::fromStdString(track.name()));
        QVERIFY2(sheet.contains(heading), qPrintable(sheet));
        const QStringList lines = sheet.mid(sheet.indexOf(heading)).split(QLatin1Char('\n'));
        int keys = 0;
        for (const std::string& label : track.vocabulary()) {
            const QKeySequence key(QString::fromStdString(track.style(label).hotkey));
            if (key.isEmpty() || win.actions()->shortcuts().contains(key))
                continue;
            ++keys;
            const QString start = key.toString(QKeySequence::NativeText) + QStringLiteral(": ");
            const bool listed = std::any_of(lines.begin(), lines.end(), [&](const QString& line) {
                return line.startsWith(start) && line.contains(QString::fromStdString(label));
            });
            QVERIFY2(listed, qPrintable(start + QString::fromStdString(label) + " missing from\n" + sheet));
        }
        QVERIFY2(keys >= 3, "the demo's actions track has label keys");
        QCOMPARE(lines.size() - 1, keys); // the heading, then one line per key
        // The keys listed are the ones that work: 1 starts a segment of the first label.
        box->accept();
        QTRY_VERIFY(QApplication::activeWindow() == &win); // the keys come back without a click
        QVERIFY(!win.labelEditor()->hasPendingSegment());
        QTest::keyClick(&win, Qt::Key_1);
        QVERIFY(win.labelEditor()->hasPendingSegment());
        win.labelEditor()->cancelPendingSegment();
        // Without a session there are no label keys and no heading.
        StudioWindow empty;
        QVERIFY(!empty.shortcutSheet().contains(QStringLiteral("Label keys")));
    }

    /// A --screenshot run leaves the user's File > Open recent as it was.
    void screenshotLeavesTheRecentListAlone()
    {
        QTemporaryDir config;
        QVERIFY(config.isValid());
        // The studio's own settings file under XDG_CONFIG_HOME (Qt's native format on Linux is INI).
        const QString file = config.filePath("InsolePose/InsolePose Studio.conf");
        const QStringList recent{m_tmp.filePath("older-session"), m_tmp.filePath("oldest-session")};
        {
            QSettings settings(file, QSettings::IniFormat);
            settings.setValue("recent", recent);
        }
        const QString png = m_tmp.filePath("recent-shot.png");
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("XDG_CONFIG_HOME", config.path());
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(INSOLEPOSE_STUDIO), {m_demo, QStringLiteral("--screenshot"), png});
        QVERIFY(p.waitForFinished(120000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        QVERIFY(QImage(png).width() > 0);
        QSettings settings(file, QSettings::IniFormat);
        QCOMPARE(settings.value("recent").toStringList(), recent);
    }

    /// Help > User guide (F1) finds the guide: installed docs first, else the source tree's docs/.
    void userGuideResolvesToTheGuide()
    {
        StudioWindow win;
        QAction* guide = win.actions()->action("help.guide");
        QVERIFY(guide);
        QCOMPARE(guide->shortcut(), QKeySequence(Qt::Key_F1));
        const QStringList candidates = StudioWindow::userGuideCandidates();
        QCOMPARE(candidates.size(), 2);
        QVERIFY2(candidates[0].endsWith("/share/doc/insolepose-studio/USER_GUIDE.md"), qPrintable(candidates[0]));
        // A development build: not installed, so the source tree's guide.
        const QString path = StudioWindow::userGuidePath();
        QVERIFY2(QFileInfo(path).isFile(), qPrintable(candidates.join(", ")));
        QCOMPARE(QFileInfo(path).canonicalFilePath(),
                 QFileInfo(QStringLiteral(INSOLEPOSE_SOURCE_DIR "/docs/USER_GUIDE.md")).canonicalFilePath());
        // The first candidate that exists wins; none existing gives nothing (the action says so).
        const QString other = m_tmp.filePath("guide.md");
        QFile f(other);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        QCOMPARE(StudioWindow::userGuidePath({m_tmp.filePath("missing.md"), other, path}), other);
        QVERIFY(StudioWindow::userGuidePath({m_tmp.filePath("missing.md"), m_tmp.path()}).isEmpty());
    }

    /// With the Comparison and Gait docks both open, the window still fits a 1366x768 screen (or
    /// the test's screen, if smaller): no dock's minimum size makes it grow.
    void analysisDocksFitASmallScreen()
    {
        StudioWindow win;
        const QRect available = win.screen()->availableGeometry();
        const QSize screen = QSize(1366, 768).boundedTo(available.size());
        const QSize wanted = screen - QSize(20, 60); // room for a window frame and a panel
        win.resize(wanted);
        win.show();
        QVERIFY(QTest::qWaitForWindowExposed(&win));
        QVERIFY(win.openSession(m_demo));
        win.actions()->action("analysis.comparison")->trigger();
        win.actions()->action("analysis.gait")->trigger();
        QTRY_VERIFY(win.comparison()->dock()->isVisible() && win.gait()->dock()->isVisible());
        QTest::qWait(300);
        const auto text = [](QSize s) { return QStringLiteral("%1x%2").arg(s.width()).arg(s.height()); };
        const QSize minimum = win.minimumSizeHint().expandedTo(win.minimumSize());
        QVERIFY2(minimum.width() <= wanted.width() && minimum.height() <= wanted.height(), qPrintable(text(minimum)));
        QVERIFY2(win.width() <= wanted.width() && win.height() <= wanted.height(), qPrintable(text(win.size())));
        QVERIFY2(win.frameGeometry().width() <= screen.width() && win.frameGeometry().height() <= screen.height(),
                 qPrintable(text(win.frameGeometry().size())));
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
