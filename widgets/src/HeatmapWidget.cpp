#include "insolepose/widgets/HeatmapWidget.h"

#include "insolepose/Colormap.h"

#include <QImage>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <array>
#include <cmath>

namespace insolepose {
namespace {

constexpr int kLegendWidth = 44;
constexpr int kTitleHeight = 34;

/// An insole seen from above, toes up, in a unit box (x: 0 = medial side of a left foot).
QPainterPath insoleOutline(const QRectF& box, bool right)
{
    // Half-widths along the length (0 = toes, 1 = heel), shaped like a shoe insole.
    const double ys[] = {0.0, 0.05, 0.15, 0.3, 0.45, 0.6, 0.75, 0.9, 1.0};
    const double medial[] = {0.32, 0.08, 0.02, 0.04, 0.16, 0.2, 0.18, 0.2, 0.35};
    const double lateral[] = {0.62, 0.88, 0.96, 0.95, 0.84, 0.8, 0.8, 0.78, 0.62};
    QPainterPath path;
    auto pt = [&](double x, double y) {
        if (right)
            x = 1.0 - x;
        return QPointF(box.left() + x * box.width(), box.top() + y * box.height());
    };
    path.moveTo(pt(medial[0], ys[0]));
    for (int i = 1; i < 9; ++i)
        path.lineTo(pt(medial[i], ys[i]));
    for (int i = 8; i >= 0; --i)
        path.lineTo(pt(lateral[i], ys[i]));
    path.closeSubpath();
    return path;
}

} // namespace

HeatmapWidget::HeatmapWidget(QWidget* parent) : QWidget(parent) { setAttribute(Qt::WA_OpaquePaintEvent); }

void HeatmapWidget::setTitle(const QString& title)
{
    m_title = title;
    update();
}

void HeatmapWidget::setFrame(std::span<const float> normalized, GridSize grid)
{
    if (normalized.size() != static_cast<std::size_t>(grid.cellCount()) || grid.cellCount() <= 0) {
        clearFrame();
        return;
    }
    m_grid = grid;
    m_values.assign(normalized.begin(), normalized.end());
    update();
}

void HeatmapWidget::setOutline(bool on, bool rightFoot)
{
    m_outline = on;
    m_right = rightFoot;
    update();
}

void HeatmapWidget::setInterpolated(bool on)
{
    m_interpolated = on;
    update();
}

void HeatmapWidget::setBadTaxels(std::vector<std::uint8_t> bad)
{
    m_bad = std::move(bad);
    update();
}

void HeatmapWidget::setCentreTrail(std::vector<QPointF> trail)
{
    m_trail = std::move(trail);
    update();
}

void HeatmapWidget::setInfo(const QString& info)
{
    m_info = info;
    update();
}

void HeatmapWidget::clearFrame()
{
    m_values.clear();
    update();
}

QColor HeatmapWidget::colorFor(float value)
{
    const auto rgb = viridis(value);
    return QColor(rgb[0], rgb[1], rgb[2]);
}

QRectF HeatmapWidget::gridArea() const
{
    const QRectF avail(4, kTitleHeight, width() - kLegendWidth - 8, height() - kTitleHeight - 4);
    const double cell = std::max(1.0, std::min(avail.width() / m_grid.cols, avail.height() / m_grid.rows));
    const QSizeF size(cell * m_grid.cols, cell * m_grid.rows);
    return QRectF(avail.x() + (avail.width() - size.width()) / 2, avail.y(), size.width(), size.height());
}

QRectF HeatmapWidget::cellRect(int row, int col) const
{
    const QRectF area = gridArea();
    const double cw = area.width() / m_grid.cols;
    const double ch = area.height() / m_grid.rows;
    return QRectF(area.x() + col * cw, area.y() + row * ch, cw, ch);
}

void HeatmapWidget::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.fillRect(rect(), palette().window());
    p.setPen(palette().windowText().color());
    p.drawText(QRect(4, 0, width() - 8, 18), Qt::AlignLeft | Qt::AlignVCenter, m_title);
    QFont small = font();
    small.setPointSizeF(std::max(6.0, small.pointSizeF() * 0.8));
    p.setFont(small);
    p.drawText(QRect(4, 16, width() - 8, 16), Qt::AlignLeft | Qt::AlignVCenter, m_info);

    const QRectF area = gridArea();
    if (m_values.empty()) {
        p.drawText(area, Qt::AlignCenter, tr("no data"));
    } else {
        const QPainterPath outline = insoleOutline(area, m_right);
        // One pixel per taxel, scaled to the grid area: nearest-neighbour gives flat taxels with
        // no seams between them (fillRect per taxel left hairline gaps at fractional sizes),
        // bilinear gives the interpolated view.
        QImage img(m_grid.cols, m_grid.rows, QImage::Format_RGB32);
        for (int r = 0; r < m_grid.rows; ++r)
            for (int c = 0; c < m_grid.cols; ++c)
                img.setPixel(c, r, colorFor(m_values[std::size_t(r * m_grid.cols + c)]).rgb());
        p.save();
        if (m_interpolated) {
            p.setRenderHint(QPainter::SmoothPixmapTransform, true);
            if (m_outline)
                p.setClipPath(outline);
            p.drawImage(area,
                        img.scaled(m_grid.cols * 8, m_grid.rows * 8, Qt::IgnoreAspectRatio, Qt::SmoothTransformation));
        } else {
            p.setRenderHint(QPainter::SmoothPixmapTransform, false);
            p.drawImage(area, img);
        }
        p.restore();
        if (m_outline) {
            // Dim what lies outside the insole, then draw its edge.
            // Rectangle plus outline under the odd-even rule is the area outside the insole (a
            // boolean subtraction leaves a hairline seam).
            QPainterPath outside;
            outside.setFillRule(Qt::OddEvenFill);
            outside.addRect(area);
            outside.addPath(outline);
            p.setRenderHint(QPainter::Antialiasing, false);
            p.fillPath(outside, QColor(0, 0, 0, m_interpolated ? 255 : 140));
            p.setRenderHint(QPainter::Antialiasing, true);
            p.setPen(QPen(QColor(230, 230, 230), 1.5));
            p.drawPath(outline);
        }
        if (!m_bad.empty() && m_bad.size() == m_values.size()) {
            p.setPen(QPen(QColor(255, 60, 60), 1.2));
            for (int r = 0; r < m_grid.rows; ++r)
                for (int c = 0; c < m_grid.cols; ++c)
                    if (m_bad[std::size_t(r * m_grid.cols + c)]) {
                        const QRectF cell = cellRect(r, c).adjusted(1, 1, -1, -1);
                        p.drawLine(cell.topLeft(), cell.bottomRight());
                        p.drawLine(cell.topRight(), cell.bottomLeft());
                    }
        }
        if (!m_trail.empty()) {
            p.setRenderHint(QPainter::Antialiasing, true);
            const double cw = area.width() / m_grid.cols, ch = area.height() / m_grid.rows;
            auto toWidget = [&](const QPointF& t) { return QPointF(area.x() + t.x() * cw, area.y() + t.y() * ch); };
            for (std::size_t i = 1; i < m_trail.size(); ++i) {
                const int alpha = int(60 + 195 * double(i) / double(m_trail.size()));
                p.setPen(QPen(QColor(255, 255, 255, alpha), 2));
                p.drawLine(toWidget(m_trail[i - 1]), toWidget(m_trail[i]));
            }
            p.setPen(QPen(Qt::black, 1.5));
            p.setBrush(QColor(255, 80, 80));
            p.drawEllipse(toWidget(m_trail.back()), 5, 5);
        }
    }

    // Legend: a vertical bar from 0 (bottom) to 1 (top) of normalised pressure.
    p.setRenderHint(QPainter::Antialiasing, false);
    const QRectF bar(width() - kLegendWidth + 2, area.top(), 10, area.height());
    for (int y = 0; y < int(bar.height()); ++y)
        p.fillRect(QRectF(bar.left(), bar.bottom() - y - 1, bar.width(), 1.0),
                   colorFor(float(y) / float(std::max(1.0, bar.height() - 1))));
    p.setPen(palette().windowText().color());
    p.drawText(QPointF(bar.right() + 2, bar.top() + 8), QStringLiteral("1"));
    p.drawText(QPointF(bar.right() + 2, bar.bottom()), QStringLiteral("0"));
    p.save();
    p.translate(bar.right() + 14, bar.center().y());
    p.rotate(-90);
    p.drawText(QRectF(-bar.height() / 2, -6, bar.height(), 12), Qt::AlignCenter, tr("pressure (normalised)"));
    p.restore();
}

} // namespace insolepose
