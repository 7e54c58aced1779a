/** Plotly figure specs (pure: data in, `{data, layout}` out) in the certitude paper style. */
export * from './style';
export * from './calibration';
export * from './uncertainty';
