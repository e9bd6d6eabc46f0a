#include "insolepose/Session.h"
#include "insolepose/widgets/HeatmapWidget.h"
#include "insolepose/widgets/SkeletonView.h"
#include "StudioWindow.h"
#include "insolepose/widgets/TimelineWidget.h"

#include <QApplication>
#include <QImage>
#include <QMouseEvent>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace insolepose;

namespace {

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

} // namespace

class TestWidgets : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    QString m_demo;

private Q_SLOTS:
    void initTestCase() { m_demo = QStringLiteral(INSOLEPOSE_DEMO_SESSION); }

    void heatmapDrawsKnownFrame()
    {
        HeatmapWidget w;
        w.resize(240, 340);
        std::vector<float> frame(660, 0.0f);
        frame[0] = 1.0f;             // row 0, col 0: hottest
        frame[15 * 22 + 11] = 0.5f;  // row 15, col 11: middle of the colormap
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
        QVERIFY(close(colourAt(0, 0), QColor(253, 231, 37)));   // viridis top
        QVERIFY(close(colourAt(29, 21), QColor(68, 1, 84)));    // viridis bottom
        QVERIFY(close(colourAt(15, 11), HeatmapWidget::colorFor(0.5f)));
        QVERIFY(close(HeatmapWidget::colorFor(0.5f), QColor(33, 144, 141)));
        // A wrong-sized frame is not drawn.
        w.setFrame(std::vector<float>(10, 1.0f));
        QVERIFY(!w.hasFrame());
    }

    void studioShowsSkeletonAndPressure()
    {
        StudioWindow win;
        QSignalSpy opened(&win, &StudioWindow::sessionOpened);
        win.show();
        QVERIFY(QTest::qWaitForWindowExposed(&win));
        QVERIFY(win.openSession(m_demo));
        QCOMPARE(opened.count(), 1);
        win.setCursor(win.cursor_ns() + 2 * kNsPerSecond);
        QTRY_VERIFY(win.groundTruthView()->isValid());
        QVERIFY(win.groundTruthView()->hasPose());
        QVERIFY(win.predictionView()->hasPose()); // the demo carries the demo model's predictions

        const QImage gt = grabSkeleton(win.groundTruthView());
        const QImage pred = grabSkeleton(win.predictionView());
        const int gtColoured = colouredPixels(gt);
        qInfo("skeleton view %dx%d: %d coloured pixels (prediction view: %d)", gt.width(), gt.height(),
              gtColoured, colouredPixels(pred));
        QVERIFY2(gtColoured > 300, "the skeleton did not draw");
        QVERIFY2(colouredPixels(pred) > 300, "the predicted skeleton did not draw");
        // The VTK background (not black): VTK attached to the right framebuffer.
        const QColor corner = gt.pixelColor(2, 2);
        QVERIFY2(std::abs(corner.red() - 28) <= 3 && std::abs(corner.blue() - 36) <= 3,
                 qPrintable(corner.name()));

        // The view must be opaque (VTK leaves alpha < 1 where nothing was drawn; a grab or a
        // compositor would blend it with what lies behind).
        const QImage raw = win.groundTruthView()->grabFramebuffer();
        QCOMPARE(qAlpha(raw.pixel(3, 3)), 255);

        for (int f = 0; f < 2; ++f) {
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
        win.setCursor(win.cursor_ns() + kNsPerSecond * 3 / 2);
        const QImage after = grabSkeleton(win.groundTruthView());
        QVERIFY(before != after);
    }

    void timelineSeeksZoomsAndPans()
    {
        TimelineWidget t;
        t.resize(1012, 150);
        t.setRange(0, 100 * kNsPerSecond);
        t.setLabels({LabelSegment{0, 40 * kNsPerSecond, "squat", "", ""}, LabelSegment{40 * kNsPerSecond, 100 * kNsPerSecond, "walking", "", ""}},
                    {"squat", "walking"});
        t.setCurves({TimelineWidget::Curve{"load", Qt::green, {0, 50 * kNsPerSecond, 100 * kNsPerSecond}, {1.0f, 3.0f, 2.0f}}});
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
        QMouseEvent move(QEvent::MouseMove, QPointF(300, 80), QPointF(300, 80), Qt::NoButton, Qt::RightButton, Qt::NoModifier);
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

    void badSessionShowsErrorAndKeepsCurrent()
    {
        StudioWindow win;
        QVERIFY(win.openSession(m_demo));
        const Session* current = win.session();
        QVERIFY(!win.openSession(m_tmp.filePath("nope")));
        QVERIFY(win.lastError().contains("not a folder"));
        QCOMPARE(win.session(), current);
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
