#include "insolepose/Labels.h"
#include "insolepose/widgets/HeatmapWidget.h"
#include "insolepose/widgets/SkeletonView.h"
#include "insolepose/widgets/TimelineWidget.h"

#include <QApplication>
#include <QImage>
#include <QMouseEvent>
#include <QSignalSpy>
#include <QTest>

using namespace insolepose;

class TestWidgets : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void heatmapDrawsKnownFrame()
    {
        HeatmapWidget w;
        w.resize(240, 340);
        std::vector<float> frame(660, 0.0f);
        frame[0] = 1.0f; // row 0, col 0: hottest
        frame[15 * 22 + 11] = 0.5f; // row 15, col 11: middle of the colormap
        w.setFrame(frame);
        const QImage img = w.grab().toImage().convertToFormat(QImage::Format_RGB32);
        auto colourAt = [&](int r, int c) {
            const QPointF centre = w.cellRect(r, c).center();
            return img.pixelColor(int(centre.x()), int(centre.y()));
        };
        auto close = [](QColor a, QColor b) {
            return std::abs(a.red() - b.red()) <= 2 && std::abs(a.green() - b.green()) <= 2 &&
                   std::abs(a.blue() - b.blue()) <= 2;
        };
        QVERIFY(close(colourAt(0, 0), QColor(253, 231, 37))); // viridis top
        QVERIFY(close(colourAt(29, 21), QColor(68, 1, 84))); // viridis bottom
        QVERIFY(close(colourAt(15, 11), HeatmapWidget::colorFor(0.5f)));
        QVERIFY(close(HeatmapWidget::colorFor(0.5f), QColor(33, 144, 141)));
        // A wrong-sized frame is not drawn.
        w.setFrame(std::vector<float>(10, 1.0f));
        QVERIFY(!w.hasFrame());
    }

    void timelineSeeksZoomsAndPans()
    {
        TimelineWidget t;
        t.resize(1012, 150);
        t.setRange(0, 100 * kNsPerSecond);
        t.setLabels({LabelSegment{0, 40 * kNsPerSecond, "squat", "", "", {}},
                     LabelSegment{40 * kNsPerSecond, 100 * kNsPerSecond, "walking", "", "", {}}},
                    {"squat", "walking"});
        t.setCurves(
            {TimelineWidget::Curve{"load", Qt::green, {0, 50 * kNsPerSecond, 100 * kNsPerSecond}, {1.0f, 3.0f, 2.0f}}});
        t.show();
        QVERIFY(QTest::qWaitForWindowExposed(&t));
        QSignalSpy seek(&t, &TimelineWidget::seekRequested);
        // 6 px margins: x = 6 + 1000 * 0.25 is 25 s.
        QTest::mouseClick(&t, Qt::LeftButton, {}, QPoint(256, 80));
        QCOMPARE(seek.count(), 1);
        QVERIFY(std::abs(nsToSeconds(seek[0][0].toLongLong()) - 25.0) < 0.15);
        // Zoom in 4x around 50 s, then pan by a right drag.
        t.zoom(4.0, 50 * kNsPerSecond);
        auto [a, b] = t.view();
        QVERIFY(std::abs(nsToSeconds(b - a) - 25.0) < 0.01);
        QVERIFY(a < 50 * kNsPerSecond && b > 50 * kNsPerSecond);
        QTest::mousePress(&t, Qt::RightButton, {}, QPoint(500, 80));
        QMouseEvent move(QEvent::MouseMove, QPointF(300, 80), QPointF(300, 80), Qt::NoButton, Qt::RightButton,
                         Qt::NoModifier);
        QCoreApplication::sendEvent(&t, &move);
        QTest::mouseRelease(&t, Qt::RightButton, {}, QPoint(300, 80));
        QVERIFY2(t.view().first > a, "dragging left should move the view later in time");
        // The playhead and the label colours are drawn.
        t.setCursor(t.view().first + kNsPerSecond);
        const QImage img = t.grab().toImage();
        const int x = int(t.xForTime(t.view().first + kNsPerSecond));
        QCOMPARE(img.pixelColor(x, 5), QColor(255, 70, 70));
        QCOMPARE(img.pixelColor(x + 40, 32), TimelineWidget::labelColour("walking", {"squat", "walking"}));
    }

    /// Label tracks: a drag on an empty part asks for a segment snapped to a marker (gait event)
    /// and clamped at the neighbour; a drag inside a segment asks for a move; a drag on a locked
    /// track only seeks.
    void timelineTracksRequestSnappedEdits()
    {
        TimelineWidget t;
        t.resize(1012, 200);
        t.setRange(0, 100 * kNsPerSecond);
        TimelineWidget::Track a{"a", {LabelSegment{50 * kNsPerSecond, 60 * kNsPerSecond, "squat", "", "", {}}}};
        TimelineWidget::Track locked{"b", {}, {}, false, true};
        t.setLabelTracks({a, locked});
        t.setMarkerTracks({{"heel strikes", Qt::yellow, {20 * kNsPerSecond + 300 * kNsPerMs}}});
        t.setCurves({TimelineWidget::Curve{"error", Qt::magenta, {0, 100 * kNsPerSecond}, {0.0f, 7.0f}, "cm"}});
        t.show();
        QVERIFY(QTest::qWaitForWindowExposed(&t));
        QSignalSpy create(&t, &TimelineWidget::segmentCreateRequested);
        QSignalSpy change(&t, &TimelineWidget::segmentChangeRequested);
        QSignalSpy seek(&t, &TimelineWidget::seekRequested);
        const auto dragTo = [&t](int x0, int x1, int y) {
            QTest::mousePress(&t, Qt::LeftButton, {}, QPoint(x0, y));
            QMouseEvent move(QEvent::MouseMove, QPointF(x1, y), t.mapToGlobal(QPointF(x1, y)), Qt::NoButton,
                             Qt::LeftButton, Qt::NoModifier);
            QCoreApplication::sendEvent(&t, &move);
            QTest::mouseRelease(&t, Qt::LeftButton, {}, QPoint(x1, y));
        };
        // 10 px per second: from 2 px off the marker at 20.3 s to well inside the segment at 50 s.
        dragTo(int(t.xForTime(20 * kNsPerSecond + 300 * kNsPerMs)) + 2, int(t.xForTime(55 * kNsPerSecond)),
               t.trackY(0));
        QCOMPARE(create.count(), 1);
        QCOMPARE(create[0][0].toInt(), 0);
        QCOMPARE(create[0][1].toLongLong(), 20 * kNsPerSecond + 300 * kNsPerMs);
        QCOMPARE(create[0][2].toLongLong(), 50 * kNsPerSecond);
        // Dragging the segment's middle asks for a move of the same length.
        dragTo(int(t.xForTime(55 * kNsPerSecond)), int(t.xForTime(65 * kNsPerSecond)), t.trackY(0));
        QCOMPARE(change.count(), 1);
        QCOMPARE(change[0][3].toLongLong() - change[0][2].toLongLong(), 10 * kNsPerSecond);
        QVERIFY(std::abs(nsToSeconds(change[0][2].toLongLong()) - 60.0) < 0.2);
        // The locked track: no request, the click seeks.
        const auto seeks = seek.count();
        dragTo(int(t.xForTime(10 * kNsPerSecond)), int(t.xForTime(30 * kNsPerSecond)), t.trackY(1));
        QCOMPARE(create.count(), 1);
        QVERIFY(seek.count() > seeks);
        // The curve is drawn in its band, below the tracks.
        const QImage img = t.grab().toImage();
        int peak = -1;
        for (int y = 0; y < img.height() && peak < 0; ++y)
            if (img.pixelColor(int(t.xForTime(100 * kNsPerSecond)) - 1, y) == QColor(Qt::magenta))
                peak = y;
        QVERIFY(peak > t.trackY(1));
    }
};

int main(int argc, char** argv)
{
    SkeletonView::prepareDefaultSurfaceFormat();
    QApplication app(argc, argv);
    TestWidgets t;
    return QTest::qExec(&t, argc, argv);
}
#include "test_widgets.moc"
