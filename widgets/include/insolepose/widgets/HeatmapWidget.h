#pragma once
// Draws one foot's normalised pressure frame (values in [0, 1] on the model grid) as coloured
// taxels with a perceptual (viridis) colormap and a legend. Reports no errors: a frame of the
// wrong size is drawn as "no data". Optional: insole outline, smooth interpolation, bad-taxel
// crosses, the centre-of-pressure trail and a line of statistics; the legend names the unit.
#include "insolepose/Tactile.h"

#include <QColor>
#include <QPointF>
#include <QString>
#include <QWidget>

#include <cstdint>
#include <span>
#include <vector>

namespace insolepose {

class HeatmapWidget : public QWidget {
    Q_OBJECT
public:
    explicit HeatmapWidget(QWidget* parent = nullptr);

    void setTitle(const QString& title);
    /// Shows `normalized` (grid.cellCount() values, row-major, row 0 at the toes).
    void setFrame(std::span<const float> normalized, GridSize grid = kModelGrid);
    void clearFrame();
    bool hasFrame() const { return !m_values.empty(); }

    /// Draw the insole outline (mirrored for the right foot) and dim the cells outside it.
    void setOutline(bool on, bool rightFoot);
    /// Smooth (bilinear) rendering instead of one flat colour per taxel.
    void setInterpolated(bool on);
    bool interpolated() const { return m_interpolated; }
    /// Taxels marked bad by the calibration (1 = bad), drawn with a cross.
    void setBadTaxels(std::vector<std::uint8_t> bad);
    /// Centre-of-pressure trail, oldest first, in taxel coordinates (row, column as x = column).
    void setCentreTrail(std::vector<QPointF> trail);
    /// Text under the title, for example the load and contact area.
    void setInfo(const QString& info);

    /// The colour the widget uses for a normalised value (clamped to [0, 1]).
    static QColor colorFor(float value);
    /// The rectangle a taxel occupies in widget coordinates for the current size.
    QRectF cellRect(int row, int col) const;

    QSize sizeHint() const override { return {180, 260}; }
    QSize minimumSizeHint() const override { return {90, 130}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QRectF gridArea() const;

    QString m_title, m_info;
    bool m_outline = false, m_right = false, m_interpolated = false;
    std::vector<std::uint8_t> m_bad;
    std::vector<QPointF> m_trail;
    GridSize m_grid = kModelGrid;
    std::vector<float> m_values;
};

} // namespace insolepose
