// The studio's interchange parts (issue 13): the ground-truth skeleton projected onto the video
// through the camera parameters (VideoPanel overlay), and offset nudging and estimation in the
// Synchronise streams dialog, on a synthetic session with video.
#include "PlaybackClock.h"
#include "ReviewController.h"
#include "StudioPanels.h"
#include "StudioWindow.h"
#include "SyncDialog.h"
#include "insolepose/Session.h"
#include "insolepose/SessionReader.h"
#include "insolepose/SessionWriter.h"
#include "insolepose/synth/SynthDataset.h"
#include "insolepose/widgets/SkeletonView.h"
#include "insolepose/widgets/VideoPanel.h"

#include <QAction>
#include <QApplication>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <filesystem>

using namespace insolepose;
namespace fs = std::filesystem;

class TestSyncStudio : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void overlayProjectsSkeletonOntoVideo();
    void dialogNudgesAndEstimates();

private:
    QTemporaryDir m_tmp;
    fs::path m_session;
};

void TestSyncStudio::initTestCase()
{
    synth::SynthOptions o;
    o.videoWidth = 320;
    o.videoHeight = 240;
    m_session = fs::path(m_tmp.path().toStdString()) / "walk";
    // A jump first, so that the camera and the right insole can be estimated too.
    const synth::MotionTimeline timeline(synth::makeSubject(4, 0), {{synth::Action::Walking, 8.0}}, 4,
                                         synth::SyncGesture::Jump);
    synth::writeSynthSession(m_session, "walk", timeline, o, 4);
}

void TestSyncStudio::overlayProjectsSkeletonOntoVideo()
{
    const Session s = openSession(m_session);
    QVERIFY(!s.cameras().empty());
    QVERIFY(!s.cameras()[0].parameters.isEmpty());
    VideoPanel panel;
    panel.resize(640, 480);
    panel.show();
    panel.setSession(&s);
    QSignalSpy shown(&panel, &VideoPanel::frameShown);
    panel.showTime(3 * kNsPerSecond);
    QVERIFY(shown.wait(10000));
    QVERIFY(panel.overlayPoints(0).empty()); // off by default
    QVERIFY(!panel.overlayAction()->isChecked());
    panel.overlayAction()->trigger();
    QVERIFY(panel.overlayEnabled());
    const auto points = panel.overlayPoints(0);
    QCOMPARE(points.size(), kKeypointCount);
    // The synthetic video is rendered through the same camera: every keypoint falls in the picture,
    // and the picture under the projected hips is the person, not the empty background.
    const QImage image = panel.shownImage(0);
    QCOMPARE(image.size(), QSize(320, 240));
    for (const QPointF& p : points)
        QVERIFY2(QRectF(0, 0, 320, 240).contains(p), qPrintable(QString("%1, %2").arg(p.x()).arg(p.y())));
    const QPointF hips = (points[std::size_t(Keypoint::LeftHip)] + points[std::size_t(Keypoint::RightHip)]) / 2;
    const QColor corner = image.pixelColor(2, 2), atHips = image.pixelColor(hips.toPoint());
    QVERIFY2(std::abs(corner.red() - atHips.red()) + std::abs(corner.green() - atHips.green()) +
                     std::abs(corner.blue() - atHips.blue()) >
                 30,
             qPrintable(QString("corner %1, hips %2").arg(corner.name(), atHips.name())));
    // Moving the cursor moves the overlay with the walking person.
    panel.showTime(6 * kNsPerSecond);
    QVERIFY(panel.overlayPoints(0)[0] != points[0]);
    panel.setOverlayEnabled(false);
    QVERIFY(panel.overlayPoints(0).empty());
}

void TestSyncStudio::dialogNudgesAndEstimates()
{
    StudioWindow win;
    QVERIFY(win.review()->openSession(QString::fromStdString(m_session.string())));
    win.clock()->setCursor(5 * kNsPerSecond);
    const Session* loaded = win.review()->session();
    SyncDialog dialog(*win.review(), &win);
    QCOMPARE(dialog.offset_ms("keypoints_gt"), 0.0);
    QCOMPARE(dialog.offset_ms("camera_cam0"), 0.0);
    // Nudges move the loaded streams at once: no reopening (same session object, same cursor),
    // nothing written yet.
    dialog.setOffset_ms("keypoints_gt", 400.0);
    dialog.setOffset_ms("camera_cam0", -300.0);
    dialog.setOffset_ms("tactile_right", 1000.0 / 14.0 * 2);
    QCOMPARE(win.review()->session(), loaded);
    QCOMPARE(win.clock()->cursor_ns(), 5 * kNsPerSecond);
    QCOMPARE(loaded->groundTruth().timeAt(0), 400 * kNsPerMs);
    QCOMPARE(loaded->cameras()[0].frames.timeAt(0), -300 * kNsPerMs);
    QCOMPARE(loaded->metadata().syncOffset("keypoints_gt"), 400 * kNsPerMs);
    QCOMPARE(openSession(m_session).metadata().syncOffset("keypoints_gt"), TimeNs(0));
    // The shown video frame follows the camera's offset: 300 ms later in the video.
    const auto frame = loaded->cameras()[0].frameAt(5 * kNsPerSecond);
    QVERIFY(frame);
    QCOMPARE(*frame, std::size_t(std::lround(5.3 * 30)));
    // The estimate brings every stream back to within one frame of where it belongs.
    const QString status = dialog.estimate();
    QVERIFY2(std::abs(dialog.offset_ms("keypoints_gt")) < 1000.0 / 14.0, qPrintable(status));
    QVERIFY2(std::abs(dialog.offset_ms("tactile_right")) < 1000.0 / 14.0, qPrintable(status));
    QVERIFY2(std::abs(dialog.offset_ms("camera_cam0")) < 1000.0 / 30.0, qPrintable(status));
    QCOMPARE(win.review()->session(), loaded);
    QCOMPARE(openSession(m_session).metadata().syncOffset("camera_cam0"), TimeNs(0));
    // OK writes what is shown.
    const double camera_ms = dialog.offset_ms("camera_cam0");
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    const SessionMetadata saved = openSession(m_session).metadata();
    QCOMPARE(saved.syncOffset("camera_cam0"), TimeNs(std::llround(camera_ms * 1e6)));
    QCOMPARE(saved.syncOffset("keypoints_gt"), loaded->metadata().syncOffset("keypoints_gt"));

    // Cancel puts the loaded streams back and writes nothing.
    SyncDialog second(*win.review(), &win);
    second.setOffset_ms("keypoints_gt", 900.0);
    QCOMPARE(loaded->groundTruth().timeAt(0), 900 * kNsPerMs);
    second.reject();
    QCOMPARE(loaded->metadata().syncOffset("keypoints_gt"), saved.syncOffset("keypoints_gt"));
    QCOMPARE(openSession(m_session).metadata().syncOffset("keypoints_gt"), saved.syncOffset("keypoints_gt"));
    for (const auto& [name, offset] : saved.syncOffsets_ns)
        QCOMPARE(win.review()->session()->metadata().syncOffset(name), offset);
    writeMetadata(m_session, openSession(m_session).metadata()); // unchanged on disk
}

int main(int argc, char** argv)
{
    SkeletonView::prepareDefaultSurfaceFormat();
    QApplication app(argc, argv);
    TestSyncStudio t;
    return QTest::qExec(&t, argc, argv);
}
#include "test_sync_studio.moc"
