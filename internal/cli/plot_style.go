package cli

// What every plot shares: the palette, the nines axis, the legend drawn
// beside the data instead of over it, and saving as PNG and SVG.

import (
	"fmt"
	"image/color"
	"math"
	"os"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// plotWidth and plotHeight are the size of a plot's axes and data, title
// included; the legend adds its own width on the right.
const (
	plotWidth  = 7 * vg.Inch
	plotHeight = 4.5 * vg.Inch
)

// palette is Tableau's ten categorical colours: distinct from each other
// and readable on white, so that ten origins get ten colours; past ten,
// series also change dashes (seriesStyle).
var palette = []color.RGBA{
	{31, 119, 180, 255}, {255, 127, 14, 255}, {44, 160, 44, 255}, {148, 103, 189, 255},
	{140, 86, 75, 255}, {227, 119, 194, 255}, {127, 127, 127, 255}, {188, 189, 34, 255},
	{23, 190, 207, 255}, {214, 39, 40, 255},
}

// Fixed colours of the marks that are not series.
var (
	targetColor    = color.RGBA{200, 0, 0, 255}     // SLA targets and failed points
	faultColor     = color.NRGBA{255, 165, 0, 70}   // the shaded fault window
	faultEdgeColor = color.RGBA{200, 100, 0, 255}   // its label
	warmupColor    = color.NRGBA{0, 0, 0, 22}       // the warm-up, not measured
	detectionColor = color.RGBA{0, 90, 200, 255}    // health-check detection
	rtoColor       = color.RGBA{120, 0, 160, 255}   // recovery time
	errorColor     = color.RGBA{60, 60, 60, 255}    // points that could not be simulated
	marginalColor  = color.RGBA{230, 120, 0, 255}   // marginal sweep points
	bandAlpha      = uint8(55)                      // opacity of a CI band
	gridColor      = color.RGBA{220, 220, 220, 255} // the grid, below everything
)

// seriesDashes are the dash patterns that tell series apart once the ten
// colours are used up.
var seriesDashes = [][]vg.Length{
	nil,
	{vg.Points(6), vg.Points(3)},
	{vg.Points(2), vg.Points(2)},
	{vg.Points(8), vg.Points(3), vg.Points(2), vg.Points(3)},
}

// seriesStyle is the line style of series i: colour i mod 10, solid for
// the first ten, then dashed.
func seriesStyle(i int) draw.LineStyle {
	return draw.LineStyle{
		Color:  palette[i%len(palette)],
		Width:  vg.Points(1.5),
		Dashes: seriesDashes[(i/len(palette))%len(seriesDashes)],
	}
}

// translucent is c at the CI bands' opacity.
func translucent(c color.Color) color.Color {
	r, g, b, _ := c.RGBA()
	return color.NRGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), bandAlpha}
}

// nines maps a ratio or quantile q to -log10(1-q): 90 % is 1, 99 % is 2,
// 99.9 % is 3, so that the tail (of a latency distribution, of failures)
// gets as much room as the body.
func nines(q float64) float64 { return -math.Log10(1 - q) }

// ninesLabel writes the ratio whose nines value is y: 1 -> "90 %",
// 3 -> "99.9 %".
func ninesLabel(y float64) string {
	pct := 100 * (1 - math.Pow(10, -y))
	digits := max(0, int(math.Ceil(y-1e-9))-2)
	if y < 1 {
		digits = 0
	}
	return strconv.FormatFloat(pct, 'f', digits, 64) + " %"
}

// ninesTicks labels a nines axis at whole nines (90 %, 99 %, 99.9 %...)
// and 50 %, with unlabelled ticks at the 5s between (95 %, 99.5 %...).
// capAt, when positive, is the top of an axis on which a ratio of exactly
// 1 is drawn (it has no nines value): its tick says "100 %".
type ninesTicks struct{ capAt float64 }

// Ticks implements plot.Ticker.
func (t ninesTicks) Ticks(lo, hi float64) []plot.Tick {
	var ticks []plot.Tick
	add := func(v float64, label string) {
		if v >= lo-1e-9 && v <= hi+1e-9 && (t.capAt <= 0 || v < t.capAt-0.2) {
			ticks = append(ticks, plot.Tick{Value: v, Label: label})
		}
	}
	add(0, "0 %")
	add(nines(0.5), "50 %")
	for k := 1.0; k <= math.Ceil(hi); k++ {
		add(k, ninesLabel(k))
		add(k+math.Log10(2), "") // 95 %, 99.5 %, ...
	}
	if t.capAt > 0 {
		ticks = append(ticks, plot.Tick{Value: t.capAt, Label: "100 %"})
	}
	return ticks
}

// chart is a plot with its legend kept beside it, outside the data: a
// legend over the data hides curves once there are ten origins.
type chart struct {
	*plot.Plot
	legend plot.Legend
	// texts are the labels on the data, drawn over everything else.
	texts []boxedText
}

// newChart is a chart with a title, axis labels and a light grid.
func newChart(title, xlabel, ylabel string) *chart {
	p := plot.New()
	p.Title.Text = title
	p.Title.Padding = vg.Points(6)
	p.X.Label.Text = xlabel
	p.Y.Label.Text = ylabel
	grid := plotter.NewGrid()
	grid.Vertical.Color, grid.Horizontal.Color = gridColor, gridColor
	p.Add(grid)
	l := plot.NewLegend()
	l.Top, l.Left = true, true
	l.Padding = vg.Points(2)
	return &chart{Plot: p, legend: l}
}

// legendGap is the room between the plot and the legend, and around the
// legend.
var legendGap = vg.Points(8)

// legendWidth is the width the legend needs, 0 without entries.
func (f *chart) legendWidth() vg.Length {
	r := f.legend.Rectangle(draw.Canvas{})
	if r.Size().X == 0 {
		return 0
	}
	return r.Size().X + 2*legendGap
}

// size is the chart's size: the plot, the legend's width beside it, and
// more height when the legend is taller than the plot.
func (f *chart) size() (w, h vg.Length) {
	h = plotHeight
	if lh := f.legend.Rectangle(draw.Canvas{}).Size().Y + 2*legendGap; lh > h {
		h = lh
	}
	return plotWidth + f.legendWidth(), h
}

// draw draws the plot on the left of c and the legend in the strip on its
// right, top-aligned with the data area.
func (f *chart) draw(c draw.Canvas) {
	lw := f.legendWidth()
	for _, t := range f.texts {
		f.Add(t)
	}
	f.texts = nil
	f.Draw(draw.Crop(c, 0, -lw, 0, 0))
	if lw == 0 {
		return
	}
	top := vg.Length(0)
	if f.Title.Text != "" {
		top = f.Title.TextStyle.Rectangle(f.Title.Text).Size().Y + f.Title.Padding
	}
	strip := draw.Crop(c, c.Size().X-lw+legendGap, -legendGap, legendGap, -top)
	f.legend.Draw(strip)
}

// save writes f as stem.png and stem.svg and returns the files written.
func (f *chart) save(stem string) ([]string, error) {
	w, h := f.size()
	var files []string
	for _, ext := range []string{"png", "svg"} {
		name := stem + "." + ext
		c, err := draw.NewFormattedCanvas(w, h, ext)
		if err != nil {
			return files, err
		}
		f.draw(draw.New(c))
		if err := writeCanvas(name, c); err != nil {
			return files, fmt.Errorf("saving %s: %w", name, err)
		}
		files = append(files, name)
	}
	return files, nil
}

func writeCanvas(name string, c vg.CanvasWriterTo) error {
	out, err := os.Create(name)
	if err != nil {
		return err
	}
	if _, err := c.WriteTo(out); err != nil {
		_ = out.Close()
		return err
	}
	return out.Close()
}

// addLine adds a line through xys with style sty, and its legend entry
// when name is not empty.
func (f *chart) addLine(name string, xys plotter.XYs, sty draw.LineStyle) error {
	if len(xys) == 0 {
		return nil
	}
	l, err := plotter.NewLine(xys)
	if err != nil {
		return err
	}
	l.LineStyle = sty
	f.Add(l)
	if name != "" {
		f.legend.Add(name, l)
	}
	return nil
}

// addBand adds the shaded area between lo and hi (the same xs, or the
// same ys, in order), in c's colour made translucent: a confidence
// interval along a curve.
func (f *chart) addBand(lo, hi plotter.XYs, c color.Color) error {
	if len(lo) < 2 || len(lo) != len(hi) {
		return nil
	}
	ring := make(plotter.XYs, 0, 2*len(lo))
	ring = append(ring, lo...)
	for i := len(hi) - 1; i >= 0; i-- {
		ring = append(ring, hi[i])
	}
	poly, err := plotter.NewPolygon(ring)
	if err != nil {
		return err
	}
	poly.Color = translucent(c)
	poly.Width = 0
	f.Add(poly)
	return nil
}

// addText writes label at (x, y) in colour c, left of nothing: starting
// just right of and above the point, in a small font on a white box, so
// that it stays readable over the curves and marks. Texts are drawn after
// everything else whatever the order they are added in (chart.Draw).
func (f *chart) addText(x, y float64, label string, c color.Color) error {
	sty := f.Title.TextStyle
	sty.Font.Size = vg.Points(8)
	sty.Color = c
	sty.XAlign, sty.YAlign = 0, 0
	f.texts = append(f.texts, boxedText{x: x, y: y, text: label, style: sty})
	return nil
}

// boxedText is a label on a white box (a plot.Plotter).
type boxedText struct {
	x, y  float64
	text  string
	style text.Style
}

// Plot implements plot.Plotter.
func (b boxedText) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	pt := vg.Point{X: trX(b.x) + vg.Points(3), Y: trY(b.y) + vg.Points(2)}
	r := b.style.Rectangle(b.text)
	pad := vg.Points(1.5)
	box := vg.Rectangle{Min: vg.Point{X: pt.X + r.Min.X - pad, Y: pt.Y + r.Min.Y - pad}, Max: vg.Point{X: pt.X + r.Max.X + pad, Y: pt.Y + r.Max.Y + pad}}
	c.SetColor(color.NRGBA{255, 255, 255, 215})
	c.Fill(box.Path())
	c.FillText(b.style, pt, b.text)
}

// finite is whether x is a number a plot can place.
func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// wrap breaks s at spaces into lines of at most width characters (a
// longer word gets a line of its own), at most n of them, the last cut
// with an ellipsis when s is longer: a legend entry is one line, and a
// long error message would otherwise make the legend wider than the plot.
func wrap(s string, width, n int) []string {
	var lines []string
	line := ""
	words := strings.Fields(s)
	for i, w := range words {
		switch {
		case line == "":
			line = w
		case len([]rune(line))+1+len([]rune(w)) <= width:
			line += " " + w
		default:
			lines = append(lines, line)
			line = w
		}
		if len(lines) == n {
			last := strings.Join(append([]string{lines[n-1]}, words[i:]...), " ")
			lines[n-1] = shorten(last, width)
			return lines
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

// shorten cuts s to at most n characters, with an ellipsis, so that a long
// error message does not make the legend wider than the plot.
func shorten(s string, n int) string {
	r := []rune(strings.Join(strings.Fields(s), " "))
	if len(r) <= n {
		return string(r)
	}
	return strings.TrimRight(string(r[:n-1]), " ") + "…"
}
